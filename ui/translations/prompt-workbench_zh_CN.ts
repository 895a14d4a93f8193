<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Demo</name>
    <message>
        <location filename="../demo_project.cpp" line="+49"/>
        <source>It was</source>
        <translation>“it was”句式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A movie</source>
        <translation>“a movie”句式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mask first</source>
        <translation>掩码在前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All in all</source>
        <translation>“all in all”句式</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../background.h" line="+34"/>
        <source>Out of memory.</source>
        <translation>内存不足。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unknown error.</source>
        <translation>未知错误。</translation>
    </message>
    <message>
        <location filename="../grid_model.cpp" line="+123"/>
        <source>Not evaluated yet</source>
        <translation>尚未评估</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1: mean %2, population std %3, sample std %4, median %5, min %6, max %7 (%8 run(s))</source>
        <translation>%1：均值 %2，总体标准差 %3，样本标准差 %4，中位数 %5，最小值 %6，最大值 %7（%8 次运行）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Macro-F1</source>
        <translation>宏平均 F1</translation>
    </message>
    <message>
        <location filename="../model_dialog.cpp" line="+23"/>
        <source>Architecture: %1 (%2)</source>
        <translation>架构：%1（%2）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Layers %1, hidden %2, heads %3, vocabulary %4, max positions %5</source>
        <translation>层数 %1，隐藏维度 %2，注意力头 %3，词表大小 %4，最大位置数 %5</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Parameters: %1 (%2 MB stored as %3)</source>
        <translation>参数量：%1（以 %3 存储，%2 MB）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Weights: %1%2</source>
        <translation>权重：%1%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (sharded)</source>
        <translation>（分片）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tokenizer: %1</source>
        <translation>分词器：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message>
        <location filename="../plot_style.cpp" line="+80"/>
        <source>Prompt Workbench plot</source>
        <translation>提示学习工作台图表</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Unknown plot format &apos;.%1&apos;: use .png, .pdf or .svg.</source>
        <translation>未知的图表格式“.%1”：请使用 .png、.pdf 或 .svg。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <location filename="../table_export.cpp" line="+109"/>
        <source>Unknown table format &apos;.%1&apos;: use .csv, .md or .tex.</source>
        <translation>未知的表格格式“.%1”：请使用 .csv、.md 或 .tex。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+3"/>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../template_view.cpp" line="+74"/>
        <source>trainable vector from the P-tuning prompt encoder</source>
        <translation>来自 P-tuning 提示编码器的可训练向量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>trainable soft-prompt vector</source>
        <translation>可训练的软提示向量</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>from field {%1}</source>
        <translation>来自字段 {%1}</translation>
    </message>
    <message>
        <location filename="../workbench.cpp" line="+33"/>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Model, data sets and examples</source>
        <translation>模型、数据集与样本</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write templates and see what the model reads</source>
        <translation>编写模板，查看模型实际读到的内容</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Verbalizers</source>
        <translation>标签映射</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Map labels to words; mask predictions and suggestions</source>
        <translation>把标签映射为标签词；掩码处的预测与推荐</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Templates × verbalizers, side by side</source>
        <translation>模板 × 标签映射，并排对比</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt-based fine-tuning, soft prompts, P-tuning</source>
        <translation>基于提示的微调、软提示、P-tuning</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Every run, grouped by configuration</source>
        <translation>所有运行，按配置分组</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sweeps</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hyperparameter sweeps: build, run locally or on Slurm, read</source>
        <translation>超参数扫描：构建、在本地或 Slurm 上运行、查看结果</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template search: AutoPrompt triggers, masked-LM generation, LM-BFF lists</source>
        <translation>模板搜索：AutoPrompt 触发词、掩码语言模型生成、LM-BFF 候选列表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Evaluate Grid</source>
        <translation>评估网格(&amp;E)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Start &amp;Training</source>
        <translation>开始训练(&amp;T)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Cancel Evaluation and Training</source>
        <translation>取消评估和训练(&amp;C)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Prompt Workbench</source>
        <translation>提示学习工作台</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Prompt Workbench: templates, verbalizers, comparisons and prompt training for masked LMs.</source>
        <translation>提示学习工作台：面向掩码语言模型的模板、标签映射、对比评估与提示训练。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open the demo project (created on first use).</source>
        <translation>打开演示项目（首次使用时创建）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open this project file.</source>
        <translation>打开此项目文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FILE</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour theme: system, light or dark.</source>
        <translation>配色主题：system（跟随系统）、light（浅色）或 dark（深色）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NAME</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start on this view (1 = Project … 6 = Runs, 7 = Sweeps, 8 = Search).</source>
        <translation>启动时显示此视图（1 = 项目 … 6 = 运行记录，7 = 扫描，8 = 搜索）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+6"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Build a demo project in DIR, visit every view and save screenshots there.</source>
        <translation>在 DIR 中创建演示项目，依次打开每个视图并把截图保存在该目录。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DIR</source>
        <translation>目录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Training steps of the screenshot tour.</source>
        <translation>截图演示中的训练步数。</translation>
    </message>
    <message numerus="yes">
        <location filename="../export_dialog.cpp" line="+477"/>
        <source>%n run(s) in the table.</source>
        <translation>
            <numerusform>表格中有 %n 次运行。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../template_view.cpp" line="+4"/>
        <source>label word of demonstration %1 (example %2)</source>
        <translation>演示样例 %1 的标签词（样本 %2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>demonstration %1 (example %2), field {%3}</source>
        <translation>演示样例 %1（样本 %2），字段 {%3}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>demonstration %1 (example %2), template text</source>
        <translation>演示样例 %1（样本 %2），模板文本</translation>
    </message>
    <message>
        <location filename="../parallel_coordinates.cpp" line="+36"/>
        <source>method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>verbalizer</source>
        <translation>标签映射</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>K</source>
        <translation>K</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>prompt length</source>
        <translation>提示长度</translation>
    </message>
    <message>
        <location filename="../predict_dialog.cpp" line="+34"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../sweep_builder.cpp" line="+83"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <location filename="../sweep_queue.cpp" line="+98"/>
        <source>pending</source>
        <translation>待运行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+353"/>
        <source>Nothing to resubmit: no task failed or was cancelled.</source>
        <translation>没有需要重新提交的任务：没有失败或已取消的任务。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing to submit: every task is done, queued or running.</source>
        <translation>没有需要提交的任务：每个任务都已完成、在排队或正在运行。</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Submitted %n task(s) as Slurm array job %1 (--array %2).</source>
        <translation>
            <numerusform>已将 %n 个任务提交为 Slurm 数组作业 %1（--array %2）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+58"/>
        <source>No submitted task was still queued or running.</source>
        <translation>已提交的任务中没有仍在排队或运行的。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled %1.</source>
        <translation>已取消 %1。</translation>
    </message>
</context>
<context>
    <name>SearchView</name>
    <message>
        <location filename="../search_view.cpp" line="+42"/>
        <source>AutoPrompt (trigger tokens)</source>
        <translation>AutoPrompt（触发词元）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fills the template&apos;s trigger slots [T] with vocabulary tokens chosen by the gradient through the frozen model (Shin et al. 2020). [T*3] is three slots.</source>
        <translation>用经冻结模型回传的梯度挑选词表中的词元，填入模板的触发位置 [T]（Shin 等，2020）。[T*3] 表示三个位置。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Generate with the masked LM</source>
        <translation>用掩码语言模型生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LM-BFF auto-T without T5: mask runs around the label word, decoded jointly over all K-shot examples with beam search.</source>
        <translation>不依赖 T5 的 LM-BFF 自动模板：在标签词周围放置连续掩码，在所有 K-shot 样本上用束搜索联合解码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rank an LM-BFF candidate list</source>
        <translation>对 LM-BFF 候选列表排序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ranks the templates of an LM-BFF auto_template/&lt;TASK&gt;/16-&lt;seed&gt;.sort.txt file.</source>
        <translation>对 LM-BFF 的 auto_template/&lt;TASK&gt;/16-&lt;seed&gt;.sort.txt 文件中的模板进行排序。</translation>
    </message>
</context>
<context>
    <name>SweepBuilder</name>
    <message>
        <location filename="../sweep_builder.cpp" line="-54"/>
        <source>Prompt-based fine-tuning</source>
        <translation>基于提示的微调</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt tuning</source>
        <translation>提示微调</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P-tuning v1</source>
        <translation>P-tuning v1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P-tuning v2</source>
        <translation>P-tuning v2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fine-tuning ([CLS] head)</source>
        <translation>微调（[CLS] 分类头）</translation>
    </message>
</context>
<context>
    <name>TokenSource</name>
    <message>
        <location filename="../token_colors.cpp" line="+12"/>
        <source>template text</source>
        <translation>模板文本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>data field</source>
        <translation>数据字段</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>mask</source>
        <translation>掩码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>soft token</source>
        <translation>软提示词元</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>pseudo token</source>
        <translation>伪词元</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>special token</source>
        <translation>特殊词元</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cut by truncation</source>
        <translation>被截断删除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>demonstration</source>
        <translation>演示样例</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>demonstration label</source>
        <translation>演示样例的标签词</translation>
    </message>
</context>
<context>
    <name>TrainView</name>
    <message>
        <location filename="../train_view.cpp" line="+55"/>
        <source>Prompt-based fine-tuning (PET / LM-BFF)</source>
        <translation>基于提示的微调（PET / LM-BFF）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All weights, cross-entropy over the label words at [MASK].</source>
        <translation>训练全部权重，在 [MASK] 处对标签词计算交叉熵。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt Tuning (Lester et al.)</source>
        <translation>提示微调（Lester 等）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trainable soft tokens; the model stays frozen.</source>
        <translation>可训练的软提示词元；模型保持冻结。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P-tuning v1</source>
        <translation>P-tuning v1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pseudo tokens from a BiLSTM/MLP prompt encoder; the model stays frozen.</source>
        <translation>伪词元由 BiLSTM/MLP 提示编码器生成；模型保持冻结。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P-tuning v2 (deep prompts)</source>
        <translation>P-tuning v2（深度提示）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trainable key/value prefixes in every layer; the model stays frozen.</source>
        <translation>每一层都有可训练的键/值前缀；模型保持冻结。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fine-tuning, classification head on [CLS]</source>
        <translation>微调，[CLS] 上接分类头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The standard baseline: all weights and a new classifier.</source>
        <translation>标准基线：训练全部权重和一个新的分类器。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PET / iPET (ensemble of templates, distilled)</source>
        <translation>PET / iPET（多模板集成并蒸馏）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One prompt-based fine-tuning run per template × verbalizer; their ensemble labels unlabeled data and a [CLS] classifier learns from it (Schick &amp; Schütze 2021).</source>
        <translation>每个模板 × 标签映射组合进行一次基于提示的微调运行；它们的集成为无标签数据打标签，再由一个 [CLS] 分类器从中学习（Schick &amp; Schütze 2021）。</translation>
    </message>
</context>
<context>
    <name>pwb::ui::ChoicePanel</name>
    <message>
        <location filename="../choice_panel.cpp" line="+33"/>
        <source>Multiple-choice file</source>
        <translation>多项选择文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSONL: ARC ({&quot;question&quot;: {&quot;stem&quot;, &quot;choices&quot;: [{&quot;text&quot;, &quot;label&quot;}]}, &quot;answerKey&quot;}), ARC flat or COPA (premise, choice1, choice2, question, label). The options become the fields option_A, option_B, … by position. Bad rows are reported by line and skipped.</source>
        <translation>JSONL：ARC（{&quot;question&quot;: {&quot;stem&quot;, &quot;choices&quot;: [{&quot;text&quot;, &quot;label&quot;}]}, &quot;answerKey&quot;}）、扁平 ARC 或 COPA（premise, choice1, choice2, question, label）。各选项按位置成为字段 option_A、option_B、…。错误行会按行号报告并跳过。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>JSON Lines (*.jsonl *.json);;All files (*)</source>
        <translation>JSON Lines (*.jsonl *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Templates (one per line; the option text goes at [MASK])</source>
        <translation>模板（每行一个；选项文本放在 [MASK] 处）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sum of log-probs (PET)</source>
        <translation>对数概率之和（PET）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean per word piece</source>
        <translation>按子词取平均</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PET sums the log-probabilities of an option&apos;s pieces, which favours short options; the mean divides by the number of pieces (length-normalised).</source>
        <translation>PET 把一个选项各子词的对数概率相加，这会偏向较短的选项；取平均则除以子词数（长度归一化）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Option score</source>
        <translation>选项得分</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Score options</source>
        <translation>选项打分</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Accuracy (%) — rows: templates, column: the option text</source>
        <translation>准确率（%）— 行：模板，列：选项文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>option text</source>
        <translation>选项文本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Correct</source>
        <translation>正确</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Scored</source>
        <translation>已打分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Gold</source>
        <translation>真实标签</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Predicted</source>
        <translation>预测标签</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Scores (pieces)</source>
        <translation>得分（子词）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Choose a multiple-choice file and write at least one template.</source>
        <translation>请选择一个多项选择文件，并至少编写一个模板。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Scoring options…</source>
        <translation>正在为选项打分…</translation>
    </message>
    <message numerus="yes">
        <location line="+54"/>
        <source>%n template(s) scored in %1 s.</source>
        <translation>
            <numerusform>已为 %n 个模板打分，用时 %1 秒。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pwb::ui::CompareView</name>
    <message>
        <location filename="../compare_view.cpp" line="+63"/>
        <source>Templates × verbalizers</source>
        <translation>模板 × 标签映射</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Knowledge probing (P@1)</source>
        <translation>知识探测（P@1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Multiple choice (option text)</source>
        <translation>多项选择（选项文本）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Multi-label (F1)</source>
        <translation>多标签（F1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Regression (Pearson)</source>
        <translation>回归（Pearson）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Verbalizers</source>
        <translation>标签映射</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Content-free input</source>
        <translation>无内容输入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template only</source>
        <translation>仅模板</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Divide the class probabilities by the model&apos;s prior for the template (Zhao et al. 2021) and renormalise.</source>
        <translation>用模型在该模板下的先验概率去除各类别概率，再重新归一化（Zhao 等，2021）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Current data set</source>
        <translation>当前数据集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>K-shot samples, 5 seeds</source>
        <translation>K-shot 采样，5 个种子</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>K-shot: each cell is evaluated on the K-per-class dev sample of seeds 13, 21, 42, 87 and 100 drawn from the current data set (LM-BFF), and shows mean (std).</source>
        <translation>K-shot：每个单元格在从当前数据集中按种子 13、21、42、87、100 抽取的验证集采样（每类 K 个，LM-BFF 协议）上评估，并显示均值（标准差）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evaluate on</source>
        <translation>评估数据</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>K per class</source>
        <translation>每类 K 个</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random per class</source>
        <translation>每类随机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Similar (LM-BFF filter)</source>
        <translation>相似（LM-BFF 过滤）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In-context demonstrations (GPT-3, LM-BFF): solved training examples placed in each input where the template&apos;s [DEMOS] block says. Random: uniform per class; Similar: per example, only among the most similar half of each class (sentence embeddings of the model). Drawn from the K-shot train split of the chosen data set, per seed.</source>
        <translation>上下文演示样例（GPT-3、LM-BFF）：把已解答的训练样本放入每个输入中模板 [DEMOS] 块所指的位置。随机：每类均匀抽取；相似：对每个样本，只在每类中最相似的一半样本里抽取（使用模型的句子嵌入）。按种子从所选数据集的 K-shot 训练划分中抽取。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../compare_view_details.cpp" line="+160"/>
        <source>Demonstrations</source>
        <translation>演示样例</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The data set whose K-shot train split (K per class, each seed) the demonstrations come from. An example is never its own demonstration.</source>
        <translation>提供演示样例的数据集，取其 K-shot 训练划分（每类 K 个，每个种子各一份）。一个样本永远不会作为自己的演示样例。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Demonstrations from</source>
        <translation>演示样例来源</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Demonstration sets drawn per example; its class scores are averaged over the sets (LM-BFF: 16). Each set costs one forward pass.</source>
        <translation>每个样本抽取的演示样例组数；其各类得分在各组间取平均（LM-BFF：16）。每组需要一次前向计算。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sets per example</source>
        <translation>每个样本的组数</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Demonstrations of each class in every set (placed in class order).</source>
        <translation>每组中每个类别的演示样例数（按类别顺序放置）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per class</source>
        <translation>每类</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evaluate only the first N examples (0 = all).</source>
        <translation>只评估前 N 个样本（0 = 全部）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Examples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Where the model runs (Automatic: a CUDA GPU when there is one). Also used by the Verbalizers view&apos;s mask top-k and label-word search; a change loads the model again.</source>
        <translation>模型运行的位置（自动：有 CUDA GPU 时使用它）。标签映射视图的掩码 top-k 与标签词搜索也使用此设置；更改后将重新加载模型。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bf16 inference</source>
        <translation>bf16 推理</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+157"/>
        <source>Weights and activations in bfloat16: faster on GPUs and on CPUs with AMX, accuracies may differ slightly from fp32.</source>
        <translation>权重与激活使用 bfloat16：在 GPU 和支持 AMX 的 CPU 上更快，准确率可能与 fp32 略有不同。</translation>
    </message>
    <message>
        <location line="-152"/>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evaluate the checked templates × verbalizers (Ctrl+E)</source>
        <translation>评估勾选的模板 × 标签映射（Ctrl+E）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop the evaluation (Esc)</source>
        <translation>停止评估（Esc）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Accuracy (%) — rows: templates, columns: verbalizers</source>
        <translation>准确率（%）— 行：模板，列：标签映射</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&lt;span style=&apos;opacity:0.7&apos;&gt;Click a cell for its confusion matrix and predictions; Ctrl+click a second cell to list the examples that flip.&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;opacity:0.7&apos;&gt;单击单元格查看其混淆矩阵和预测结果；按住 Ctrl 再单击另一个单元格，可列出预测发生翻转的样本。&lt;/span&gt;</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Only misclassified examples</source>
        <translation>只显示分类错误的样本</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Predictions</source>
        <translation>预测结果</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Select two cells (Ctrl+click) to compare them example by example.</source>
        <translation>选择两个单元格（Ctrl+单击），逐个样本进行对比。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Flips between two cells</source>
        <translation>两个单元格之间的翻转</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>No CUDA GPU or driver was found: evaluation runs on the CPU.</source>
        <translation>未找到 CUDA GPU 或驱动：评估将在 CPU 上运行。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This LibTorch was built without CUDA: evaluation runs on the CPU.</source>
        <translation>此 LibTorch 构建时未启用 CUDA：评估将在 CPU 上运行。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>native on this CPU</source>
        <translation>本 CPU 原生支持</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>emulated on this CPU (slow)</source>
        <translation>本 CPU 上为模拟（较慢）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not on this CPU</source>
        <translation>本 CPU 不支持</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>bf16: %1; CUDA autocast available</source>
        <translation>bf16：%1；支持 CUDA 自动混合精度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>bf16: %1; no CUDA autocast</source>
        <translation>bf16：%1；不支持 CUDA 自动混合精度</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>The evaluated data set</source>
        <translation>被评估的数据集</translation>
    </message>
    <message>
        <location filename="../compare_view_evaluate.cpp" line="+104"/>
        <source>✘ The demonstration data set %1 is not loaded: %2</source>
        <translation>✘ 演示样例数据集 %1 未加载：%2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>✘ Demonstrations: %1</source>
        <translation>✘ 演示样例：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>✘ No data set: import one in the Project view.</source>
        <translation>✘ 没有数据集：请在“项目”视图中导入一个。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>✘ Check at least one template and one verbalizer.</source>
        <translation>✘ 请至少勾选一个模板和一个标签映射。</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+108"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message>
        <location line="-81"/>
        <source>Evaluating %1 × %2 cells…</source>
        <translation>正在评估 %1 × %2 个单元格…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No model chosen.</source>
        <translation>尚未选择模型。</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source> The %n finished cell(s) stay in the grid.</source>
        <translation>
            <numerusform> 已完成的 %n 个单元格保留在网格中。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>✔ %1 cells in %2 s (%3 forward passes).</source>
        <translation>✔ %1 个单元格，用时 %2 秒（%3 次前向计算）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> Saved to the project.</source>
        <translation> 已保存到项目。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> Not saved: %1</source>
        <translation> 未保存：%1</translation>
    </message>
    <message>
        <location filename="../compare_view_details.cpp" line="-97"/>
        <source>%1 (1 of %2 sets)</source>
        <translation>%1（共 %2 组中的第 1 组）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Set %1:</source>
        <translation>第 %1 组：</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>&lt;b&gt;%1 × %2&lt;/b&gt; · not evaluated yet</source>
        <translation>&lt;b&gt;%1 × %2&lt;/b&gt; · 尚未评估</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>all examples</source>
        <translation>全部样本</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&lt;b&gt;%1 × %2&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1 × %2&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>accuracy %1 %, macro-F1 %2 %, %3 examples</source>
        <translation>准确率 %1%，宏平均 F1 %2%，共 %3 个样本</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>gold %1</source>
        <translation>真实 %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>predicted %1</source>
        <translation>预测 %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+61"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="-61"/>
        <location line="+61"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location line="-61"/>
        <location line="+61"/>
        <source>Gold</source>
        <translation>真实标签</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>Predicted</source>
        <translation>预测标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>p(%1)</source>
        <translation>p(%1)</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>&lt;b&gt;A&lt;/b&gt; = %1, &lt;b&gt;B&lt;/b&gt; = %2: %3 examples flip — %4 fixed by B (wrong in A, right in B), %5 broken by B, %6 changed otherwise.</source>
        <translation>&lt;b&gt;A&lt;/b&gt; = %1，&lt;b&gt;B&lt;/b&gt; = %2：%3 个样本发生翻转 — B 修正了 %4 个（A 错 B 对），B 弄错了 %5 个，其余 %6 个以其他方式改变。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A predicts</source>
        <translation>A 的预测</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>B predicts</source>
        <translation>B 的预测</translation>
    </message>
</context>
<context>
    <name>pwb::ui::DemoOptionsBox</name>
    <message>
        <location filename="../demo_options_box.cpp" line="+14"/>
        <source>Demonstrations</source>
        <translation>演示样例</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random (uniform per class)</source>
        <translation>随机（每类均匀抽取）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Similar (LM-BFF filter)</source>
        <translation>相似（LM-BFF 过滤）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Solved training examples placed in the input, one block of the template&apos;s [DEMOS] … [/DEMOS] each. Random: drawn uniformly per class. Similar: drawn among the most similar examples of each class to the input (cosine of mean-pooled sentence embeddings), as LM-BFF.</source>
        <translation>把已解答的训练样本放入输入中，每个占模板的一个 [DEMOS] … [/DEMOS] 块。随机：每类均匀抽取。相似：在每类中与输入最相似的样本里抽取（平均池化句子嵌入的余弦相似度），与 LM-BFF 相同。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sampling</source>
        <translation>抽样方式</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Per class</source>
        <translation>每类</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>By class (LM-BFF)</source>
        <translation>按类别（LM-BFF）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shuffled</source>
        <translation>随机打乱</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order</source>
        <translation>顺序</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Demonstration sets per test example; their class logits are averaged (LM-BFF num_sample, 16). Training draws a new set at every step.</source>
        <translation>每个测试样本的演示样例组数；各组的类别 logits 取平均（LM-BFF 的 num_sample，16）。训练时每一步抽取一组新的。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sets at evaluation</source>
        <translation>评估时的组数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the task model</source>
        <translation>任务模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A Hugging Face BERT/RoBERTa folder (e.g. a sentence-transformers model) whose mean-pooled embeddings rank the examples; empty = the model being trained. Embeddings are cached, a second run does not recompute them.</source>
        <translation>一个 Hugging Face BERT/RoBERTa 文件夹（例如 sentence-transformers 模型），用其平均池化嵌入为样本排序；留空 = 正在训练的模型。嵌入会被缓存，第二次运行不会重新计算。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Embedding model folder</source>
        <translation>嵌入模型文件夹</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Embedding model</source>
        <translation>嵌入模型</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Similar: draw among this top fraction of each class (LM-BFF demo_filter_rate).</source>
        <translation>相似：在每类中排名靠前的这一比例里抽取（LM-BFF 的 demo_filter_rate）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Similar top fraction</source>
        <translation>相似样本比例</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+6"/>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Tokens kept of the input&apos;s sentence (LM-BFF --first_sent_limit).</source>
        <translation>输入句子保留的词元数（LM-BFF 的 --first_sent_limit）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Input sentence limit</source>
        <translation>输入句子长度上限</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tokens kept of each demonstration sentence (LM-BFF --other_sent_limit).</source>
        <translation>每个演示样例句子保留的词元数（LM-BFF 的 --other_sent_limit）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demonstration sentence limit</source>
        <translation>演示样例句子长度上限</translation>
    </message>
</context>
<context>
    <name>pwb::ui::ExamplePicker</name>
    <message>
        <location filename="../example_picker.cpp" line="+19"/>
        <source>Example</source>
        <translation>样本</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pick a random example (Ctrl+R)</source>
        <translation>随机选择一个样本（Ctrl+R）</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>of %1</source>
        <translation>/ %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No examples: import a data set in the Project view.</source>
        <translation>没有样本：请在“项目”视图中导入数据集。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>label %1</source>
        <translation>标签 %1</translation>
    </message>
</context>
<context>
    <name>pwb::ui::ExamplesModel</name>
    <message>
        <location filename="../examples_model.cpp" line="+42"/>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
</context>
<context>
    <name>pwb::ui::ExportDialog</name>
    <message>
        <location filename="../export_dialog.cpp" line="-397"/>
        <source>Export Trained Prompt</source>
        <translation>导出训练好的提示</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Prompt bundle: every trained tensor, template, verbalizer and model identity; can be evaluated or resumed exactly</source>
        <translation>提示包：全部训练张量、模板、标签映射和模型标识；可精确地评估或继续训练</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hugging Face PEFT adapter (adapter_config.json + adapter_model.safetensors)</source>
        <translation>Hugging Face PEFT 适配器（adapter_config.json + adapter_model.safetensors）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Results table of the project&apos;s runs (CSV, Markdown or LaTeX, from the file name)</source>
        <translation>项目运行记录的结果表（CSV、Markdown 或 LaTeX，由文件扩展名决定）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>All runs</source>
        <translation>所有运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only runs of the selected run&apos;s method</source>
        <translation>仅限所选运行的方法</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Where</source>
        <translation>保存位置</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+8"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the model folder the run recorded</source>
        <translation>运行时记录的模型文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only needed when the model the run was trained on has moved.</source>
        <translation>仅当训练所用的模型已被移动时才需要填写。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nearest vocabulary tokens of the soft vectors (cosine)</source>
        <translation>软提示向量最近的词表词元（余弦相似度）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tokens per vector</source>
        <translation>每个向量的词元数</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show Nearest Tokens</source>
        <translation>显示最近词元</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Vector</source>
        <translation>向量</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Norm</source>
        <translation>范数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nearest tokens (cosine)</source>
        <translation>最近词元（余弦相似度）</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>✘ Open a project first.</source>
        <translation>✘ 请先打开一个项目。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reading the runs…</source>
        <translation>正在读取运行记录…</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+221"/>
        <location line="+18"/>
        <location line="+40"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message>
        <location line="-269"/>
        <source>#%1 %2 — %3</source>
        <translation>#%1 %2 — %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, test accuracy %1 %</source>
        <translation>，测试集准确率 %1 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (no saved prompt)</source>
        <translation>（未保存提示）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This project has no runs yet: train one in the Train view.</source>
        <translation>该项目还没有运行记录：请在“训练”视图中训练。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Method %1 · template %2 · verbalizer %3</source>
        <translation>方法 %1 · 模板 %2 · 标签映射 %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No trained prompt was kept for this run (train with “Keep the trained prompt for export” on); only the results table can be exported.</source>
        <translation>该运行没有保留训练好的提示（训练时请勾选“保留训练好的提示以便导出”）；只能导出结果表。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trained state: %1</source>
        <translation>训练状态：%1</translation>
    </message>
    <message>
        <location line="+36"/>
        <location line="+78"/>
        <source>✘ PEFT cannot hold this prompt: %1</source>
        <translation>✘ PEFT 无法容纳该提示：%1</translation>
    </message>
    <message>
        <location line="-73"/>
        <source>Written as PEFT %1.</source>
        <translation>将写为 PEFT %1。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This method trains the model&apos;s weights: the bundle holds them too (model.safetensors).</source>
        <translation>该方法会训练模型权重：提示包中也包含这些权重（model.safetensors）。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Only prompt tuning and P-tuning train vectors in the vocabulary&apos;s embedding space.</source>
        <translation>只有提示微调和 P-tuning 在词表的嵌入空间中训练向量。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export Results Table</source>
        <translation>导出结果表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Markdown (*.md);;CSV (*.csv);;LaTeX (*.tex)</source>
        <translation>Markdown (*.md);;CSV (*.csv);;LaTeX (*.tex)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export Into Folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Base Model Folder</source>
        <translation>基础模型文件夹</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>✘ Choose where to save the export.</source>
        <translation>✘ 请选择导出的保存位置。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>✘ Choose a run.</source>
        <translation>✘ 请选择一次运行。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>✔ Wrote %1 to %2.</source>
        <translation>✔ 已将 %1 写入 %2。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>✘ This run has no saved prompt.</source>
        <translation>✘ 该运行没有保存提示。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Finding the nearest tokens…</source>
        <translation>正在查找最近词元…</translation>
    </message>
    <message numerus="yes">
        <location line="+46"/>
        <source>%n vector(s); mean norm of the vocabulary&apos;s embeddings %1.</source>
        <translation>
            <numerusform>%n 个向量；词表嵌入的平均范数为 %1。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pwb::ui::ImportDialog</name>
    <message>
        <location filename="../import_dialog.cpp" line="+30"/>
        <source>Import Data Set</source>
        <translation>导入数据集</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regression (numeric target)</source>
        <translation>回归（数值目标）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Knowledge probing (answer words)</source>
        <translation>知识探测（答案词）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Multiple choice (mc-jsonl)</source>
        <translation>多项选择（mc-jsonl）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Multi-label (label lists)</source>
        <translation>多标签（标签列表）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How to read the rows. Classification and multiple choice become project data sets; a regression, probing or multi-label file opens on Compare&apos;s page for that task.</source>
        <translation>如何读取各行。分类和多项选择会成为项目数据集；回归、探测或多标签文件会在“对比”视图中对应任务的页面打开。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>TSV/CSV: the labels of a row are one column joined by this separator.</source>
        <translation>TSV/CSV：一行的多个标签以此分隔符连接，放在同一列中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>every label seen</source>
        <translation>出现过的所有标签</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The label set, joined by the separator; a row naming another label is reported by line.</source>
        <translation>标签集合，以分隔符连接；某行若包含其他标签，会按行号报告。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Separator:</source>
        <translation>分隔符：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label set:</source>
        <translation>标签集合：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Task:</source>
        <translation>任务：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Detect automatically</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Multiple choice, one JSON object per line (ARC, ARC flat, COPA): the options become the fields option_A, option_B, … and the label the answer&apos;s letter.</source>
        <translation>多项选择，每行一个 JSON 对象（ARC、扁平 ARC、COPA）：各选项成为字段 option_A、option_B、…，标签为答案的字母。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+6"/>
        <location line="+144"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location line="-148"/>
        <source>Text columns by header name or 1-based number, comma separated (e.g. &quot;premise,hypothesis&quot; or &quot;2&quot;).</source>
        <translation>文本列：填写表头名称或从 1 开始的列号，以逗号分隔（如 &quot;premise,hypothesis&quot; 或 &quot;2&quot;）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Label column by header name or 1-based number.</source>
        <translation>标签列：填写表头名称或从 1 开始的列号。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Skip and report</source>
        <translation>跳过并报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop at the first</source>
        <translation>遇到第一处即停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Text columns:</source>
        <translation>文本列：</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+135"/>
        <source>Label column:</source>
        <translation>标签列：</translation>
    </message>
    <message>
        <location line="-132"/>
        <source>Bad rows:</source>
        <translation>错误行：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Labels (rename to readable names):</source>
        <translation>标签（可重命名为易读的名称）：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Label in file</source>
        <translation>文件中的标签</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Skipped rows and warnings:</source>
        <translation>跳过的行与警告：</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Data File</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Target column:</source>
        <translation>目标列：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>label, else the last</source>
        <translation>label，否则取最后一列</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answer column:</source>
        <translation>答案列：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>answer, else obj_label</source>
        <translation>answer，否则取 obj_label</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Labels column:</source>
        <translation>标签列：</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Reading %1 …</source>
        <translation>正在读取 %1 …</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Format &lt;b&gt;%1&lt;/b&gt;, encoding &lt;b&gt;%2&lt;/b&gt;: %3</source>
        <translation>格式 &lt;b&gt;%1&lt;/b&gt;，编码 &lt;b&gt;%2&lt;/b&gt;：%3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No rows skipped.</source>
        <translation>没有跳过任何行。</translation>
    </message>
</context>
<context>
    <name>pwb::ui::MainWindow</name>
    <message>
        <location filename="../main_window.cpp" line="+39"/>
        <location line="+201"/>
        <source>Prompt Workbench</source>
        <translation>提示学习工作台</translation>
    </message>
    <message>
        <location line="-139"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;Demo Project</source>
        <translation>打开演示项目(&amp;D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose &amp;Model…</source>
        <translation>选择模型(&amp;M)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import Data Set…</source>
        <translation>导入数据集(&amp;I)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Export Trained Prompt…</source>
        <translation>导出训练好的提示(&amp;E)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Predict on File…</source>
        <translation>对文件进行预测(&amp;P)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>System Language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Prompt Workbench</source>
        <translation>关于提示学习工作台(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No recent projects</source>
        <translation>没有最近的项目</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear List</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <location line="+5"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="-4"/>
        <source> (tokenizer error)</source>
        <translation>（分词器错误）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 — Prompt Workbench</source>
        <translation>%1 — 提示学习工作台</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot Open Project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+33"/>
        <source>Cannot Create Project</source>
        <translation>无法创建项目</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Cannot Create the Demo Project</source>
        <translation>无法创建演示项目</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Demo project created in %1</source>
        <translation>演示项目已创建于 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt Workbench projects (*.pwbproj)</source>
        <translation>提示学习工作台项目 (*.pwbproj)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 already exists: open it with File ▸ Open Project.</source>
        <translation>%1 已存在：请通过“文件 ▸ 打开项目”打开它。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Prompt Workbench projects (*.pwbproj);;All files (*)</source>
        <translation>提示学习工作台项目 (*.pwbproj);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+12"/>
        <location line="+25"/>
        <location line="+11"/>
        <source>No Project</source>
        <translation>没有项目</translation>
    </message>
    <message>
        <location line="-48"/>
        <location line="+12"/>
        <location line="+25"/>
        <location line="+11"/>
        <source>Open or create a project first (File menu).</source>
        <translation>请先打开或新建一个项目（“文件”菜单）。</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Cannot Import</source>
        <translation>无法导入</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>About Prompt Workbench</source>
        <translation>关于提示学习工作台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h3&gt;Prompt Workbench %1&lt;/h3&gt;&lt;p&gt;Write PET templates and verbalizers for masked language models, compare them side by side, train soft prompts, P-tuning and prompt fine-tuning, and keep every run in one SQLite file.&lt;/p&gt;&lt;p&gt;Qt %2 · C++17 · LibTorch engine (native, no Python)&lt;/p&gt;</source>
        <translation>&lt;h3&gt;提示学习工作台 %1&lt;/h3&gt;&lt;p&gt;为掩码语言模型编写 PET 模板和标签映射，并排对比它们的效果，训练软提示、P-tuning 以及基于提示的微调，并把每一次运行都保存在一个 SQLite 文件中。&lt;/p&gt;&lt;p&gt;Qt %2 · C++17 · LibTorch 引擎（原生实现，无需 Python）&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The language changes when Prompt Workbench starts again.</source>
        <translation>界面语言将在重新启动 Prompt Workbench 后生效。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>pwb::ui::MaskFillBox</name>
    <message>
        <location filename="../mask_fill_box.cpp" line="+24"/>
        <source>Fill all masks together</source>
        <translation>一起填充所有掩码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Order</source>
        <translation>顺序</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Left to right</source>
        <translation>从左到右</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most confident first</source>
        <translation>最有把握者优先</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Beam search</source>
        <translation>束搜索</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Each mask is filled with one token and the model runs again before the next. Left to right: the leftmost mask first. Most confident first: the mask whose best token is most probable (PET). Beam search: the best hypotheses by the sum of log-probabilities, masks left to right.</source>
        <translation>每个掩码填入一个词元，填下一个之前模型重新运行。从左到右：先填最左边的掩码。最有把握者优先：先填最佳词元概率最高的掩码（PET）。束搜索：按对数概率之和保留最佳假设，掩码从左到右。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Beam</source>
        <translation>束宽</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Beam width: hypotheses kept after every mask (all are shown).</source>
        <translation>束宽：每个掩码之后保留的假设数（全部显示）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fill</source>
        <translation>填充</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Filled text</source>
        <translation>填充后的文本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fills (log-prob, step)</source>
        <translation>填充（对数概率，步骤）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Score: the sum of the chosen tokens&apos; log-probabilities, each conditioned on the fills before it.</source>
        <translation>得分：所选词元的对数概率之和，每个都以之前的填充为条件。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Needs a model, a template and an example.</source>
        <translation>需要一个模型、一个模板和一个样本。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Running the model…</source>
        <translation>正在运行模型…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 %2 (%3)</source>
        <translation>%1 %2（%3）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Masks filled: %1. Score = sum of log-probabilities.</source>
        <translation>已填充掩码：%1。得分 = 对数概率之和。</translation>
    </message>
</context>
<context>
    <name>pwb::ui::ModelDialog</name>
    <message>
        <location filename="../model_dialog.cpp" line="+15"/>
        <source>Choose Model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A Hugging Face masked language model folder (BERT or RoBERTa): config.json, safetensors weights and tokenizer files.</source>
        <translation>Hugging Face 掩码语言模型文件夹（BERT 或 RoBERTa）：包含 config.json、safetensors 权重和分词器文件。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Use This Model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Model Folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose a folder.</source>
        <translation>请选择一个文件夹。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Checking %1 …</source>
        <translation>正在检查 %1 …</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>✔ This folder is a usable masked language model.</source>
        <translation>✔ 该文件夹是可用的掩码语言模型。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
</context>
<context>
    <name>pwb::ui::MultiLabelPanel</name>
    <message>
        <location filename="../multilabel_panel.cpp" line="+44"/>
        <source>Multi-label file</source>
        <translation>多标签文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSONL {&quot;text&quot;: &quot;…&quot;, &quot;labels&quot;: [&quot;a&quot;, &quot;c&quot;]} or TSV/CSV with a header whose label column joins the labels with the separator. Rows with a label outside the declared set are reported by line and skipped.</source>
        <translation>JSONL {&quot;text&quot;: &quot;…&quot;, &quot;labels&quot;: [&quot;a&quot;, &quot;c&quot;]}，或带表头的 TSV/CSV，其标签列以分隔符连接多个标签。含有声明集合之外标签的行会按行号报告并跳过。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Data (*.jsonl *.json *.tsv *.csv);;All files (*)</source>
        <translation>数据 (*.jsonl *.json *.tsv *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Label column</source>
        <translation>标签列</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Separator</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>every label seen</source>
        <translation>出现过的所有标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label set</source>
        <translation>标签集合</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Label words at one mask</source>
        <translation>在一个掩码处预测标签词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yes/no cloze per label</source>
        <translation>每个标签一个是/否完形填空</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label words: every label&apos;s word scored at the mask, softmax over them, a threshold on each. Yes/no: the template names the label with {label}; each row is scored once per label and the label is predicted when P(yes) reaches the threshold (PET-style).</source>
        <translation>标签词：在掩码处为每个标签的词打分，在这些词上做 softmax，并对每个标签设阈值。是/否：模板用 {label} 写出标签名；每行对每个标签各打分一次，当 P(yes) 达到阈值时预测该标签（PET 风格）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Scheme</source>
        <translation>方案</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Verbalizer</source>
        <translation>标签映射</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Yes/no words</source>
        <translation>是/否词</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A label is predicted when its probability — the softmax over the label words at the mask — is at least this. The default, 1 / number of labels, means more likely than uniform; for yes/no it is 0.5.</source>
        <translation>当某标签的概率（掩码处标签词上的 softmax）不低于此值时预测该标签。默认值 1 / 标签数，表示比均匀分布更可能；是/否方案为 0.5。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Micro-F1, macro-F1, subset accuracy and per-label scores</source>
        <translation>微平均 F1、宏平均 F1、子集准确率以及各标签得分</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Precision (%)</source>
        <translation>精确率（%）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Recall (%)</source>
        <translation>召回率（%）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>F1 (%)</source>
        <translation>F1（%）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>TP</source>
        <translation>TP</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>FP</source>
        <translation>FP</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>FN</source>
        <translation>FN</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Choose a file, a separator, a template and a verbalizer (or the yes/no words).</source>
        <translation>请选择文件、分隔符、模板和标签映射（或是/否词）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Evaluating…</source>
        <translation>正在评估…</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>micro-F1 %1 · macro-F1 %2 · subset accuracy %3 (%4 rows, threshold %5)</source>
        <translation>微平均 F1 %1 · 宏平均 F1 %2 · 子集准确率 %3（%4 行，阈值 %5）</translation>
    </message>
    <message numerus="yes">
        <location line="+21"/>
        <source>%n row(s) evaluated.</source>
        <translation>
            <numerusform>已评估 %n 行。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pwb::ui::MultiLabelTrainFields</name>
    <message>
        <location filename="../multilabel_train_fields.cpp" line="+15"/>
        <source>labels: food,sports,music  (empty: every label of the training file)</source>
        <translation>labels: food,sports,music  （留空：训练文件中的所有标签）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The declared label set, comma-separated. Rows with another label are skipped and reported by line. The label column is the Target column (empty: &quot;labels&quot;).</source>
        <translation>声明的标签集合，以逗号分隔。带有其他标签的行会被跳过，并按行号报告。标签列即“目标列”（留空：“labels”）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Label words (BCE)</source>
        <translation>标签词（BCE）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yes/no per label (PET)</source>
        <translation>每个标签一个是/否问题（PET）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Label words: one [MASK], the verbalizer&apos;s word per label, binary cross-entropy of sigmoid(logit). Yes/no: one cloze per label with its name in {label}, the words yes/no.</source>
        <translation>标签词：一个 [MASK]，每个标签对应标签映射中的一个词，对 sigmoid(logit) 计算二元交叉熵。是/否：每个标签一个完形填空，标签名填入 {label}，答案词为 yes/no。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>threshold on dev</source>
        <translation>在验证集上确定阈值</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A label is predicted when its probability reaches the threshold; at its minimum the threshold is chosen per seed on dev (best dev micro-F1 of 0.05 … 0.95).</source>
        <translation>当某标签的概率达到阈值时即预测该标签；取最小值时，每个种子在验证集上选择阈值（在 0.05 … 0.95 中取验证集微平均 F1 最佳者）。</translation>
    </message>
</context>
<context>
    <name>pwb::ui::ParallelCoordinates</name>
    <message>
        <location filename="../parallel_coordinates.cpp" line="+112"/>
        <source>Axes</source>
        <translation>坐标轴</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the hyperparameters shown as axes</source>
        <translation>选择作为坐标轴显示的超参数</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Colour by dev accuracy</source>
        <translation>按验证集准确率着色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour by test accuracy</source>
        <translation>按测试集准确率着色</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>test acc. %</source>
        <translation>测试准确率 %</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>dev acc. %</source>
        <translation>验证准确率 %</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>No finished runs to plot.</source>
        <translation>没有可绘制的已完成运行。</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n run(s): hover a line to see its run, click to select it.</source>
        <translation>
            <numerusform>%n 次运行：悬停在线上可查看对应运行，点击可选中。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+47"/>
        <source>#%1 %2 (seed %3): %4; dev %5, test %6</source>
        <translation>#%1 %2（种子 %3）：%4；验证 %5，测试 %6</translation>
    </message>
</context>
<context>
    <name>pwb::ui::PetPanel</name>
    <message>
        <location filename="../pet_panel.cpp" line="+33"/>
        <source>PET / iPET</source>
        <translation>PET / iPET</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Every checked template is paired with every checked verbalizer; each pair is trained with prompt-based fine-tuning (a run each).</source>
        <translation>每个勾选的模板与每个勾选的标签映射两两配对；每一对用基于提示的微调进行训练（各为一次运行）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All checked verbalizers must name the same labels.</source>
        <translation>所有勾选的标签映射必须包含相同的标签。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verbalizers</source>
        <translation>标签映射</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unlabeled examples the members label: the training data set without the K-shot examples, shuffled with the seed and cut to this many rows.</source>
        <translation>由成员模型打标签的无标签样本：训练数据集去掉 K-shot 样本，按种子打乱并截取到这么多行。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unlabeled pool</source>
        <translation>无标签样本池</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Soft labels are softmax(ensemble logits / T); PET uses T = 2.</source>
        <translation>软标签为 softmax(集成 logits / T)；PET 使用 T = 2。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PET: accuracy on the training set before training</source>
        <translation>PET：训练前在训练集上的准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uniform</source>
        <translation>均匀</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ensemble weights</source>
        <translation>集成权重</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>1 = PET. More = iPET: each generation&apos;s members learn from examples the previous generation labelled.</source>
        <translation>1 = PET。更多 = iPET：每一代的成员从上一代打标签的样本中学习。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Generations</source>
        <translation>代数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>iPET: the labelled set grows by this factor per generation (PET: 5).</source>
        <translation>iPET：每一代打标签的样本集按此倍数增长（PET：5）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>iPET growth</source>
        <translation>iPET 增长倍数</translation>
    </message>
</context>
<context>
    <name>pwb::ui::PetRunner</name>
    <message>
        <location filename="../pet_runner.cpp" line="+46"/>
        <source>A PET job is already in progress.</source>
        <translation>已有一个 PET 任务正在进行。</translation>
    </message>
</context>
<context>
    <name>pwb::ui::PredictDialog</name>
    <message>
        <location filename="../predict_dialog.cpp" line="+11"/>
        <source>Predict on File</source>
        <translation>对文件进行预测</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Current template and verbalizer (zero-shot)</source>
        <translation>当前模板和标签映射（零样本）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A finished run</source>
        <translation>一次已完成的运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A bundle, training state or PEFT adapter folder</source>
        <translation>导出包、训练状态或 PEFT 适配器文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Classifier</source>
        <translation>分类器</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verbalizer</source>
        <translation>标签映射</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Prompt Folder</source>
        <translation>提示文件夹</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>plain lines, TSV, CSV or JSONL; no label column needed</source>
        <translation>纯文本行、TSV、CSV 或 JSONL；不需要标签列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Input file</source>
        <translation>输入文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Texts to Classify</source>
        <translation>待分类的文本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Output file</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Predictions</source>
        <translation>预测结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV (*.csv);;JSON Lines (*.jsonl)</source>
        <translation>CSV (*.csv);;JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON Lines</source>
        <translation>JSON Lines</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%p % of the input</source>
        <translation>已处理输入的 %p %</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Predict</source>
        <translation>预测</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+36"/>
        <location line="+104"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>✘ Choose a model first (File ▸ Choose Model).</source>
        <translation>✘ 请先选择一个模型（文件 ▸ 选择模型）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>✘ The project has no finished run to apply.</source>
        <translation>✘ 项目中没有可用的已完成运行。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Predicting…</source>
        <translation>正在预测…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>regression, poles %1</source>
        <translation>回归，极点 %1</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Cancelled: %n row(s) written before the cancel (%1).</source>
        <translation>
            <numerusform>已取消：取消前已写入 %n 行（%1）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n row(s) predicted (%1).</source>
        <translation>
            <numerusform>已预测 %n 行（%1）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Note: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n row(s) skipped:</source>
        <translation>
            <numerusform>跳过了 %n 行：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pwb::ui::ProbePanel</name>
    <message>
        <location filename="../probe_panel.cpp" line="+44"/>
        <location line="+26"/>
        <source>Facts</source>
        <translation>事实</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>One fact per row: text fields and an answer word. LAMA&apos;s JSONL ({&quot;sub_label&quot;: &quot;France&quot;, &quot;obj_label&quot;: &quot;Paris&quot;}) or TSV/CSV with a header. Rows without an answer or with an empty field are reported by line and skipped.</source>
        <translation>每行一个事实：文本字段和一个答案词。LAMA 的 JSONL（{&quot;sub_label&quot;: &quot;France&quot;, &quot;obj_label&quot;: &quot;Paris&quot;}）或带表头的 TSV/CSV。没有答案或含空字段的行会按行号报告并跳过。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Facts (*.jsonl *.json *.tsv *.csv);;All files (*)</source>
        <translation>事实 (*.jsonl *.json *.tsv *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>answer, else obj_label</source>
        <translation>answer，否则取 obj_label</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer column</source>
        <translation>答案列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Probing templates (one per line, one [MASK])</source>
        <translation>探测模板（每行一个，含一个 [MASK]）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Skip (LAMA)</source>
        <translation>跳过（LAMA）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Score the first piece</source>
        <translation>对第一个子词打分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An answer that is not one token of the model&apos;s vocabulary cannot fill one mask. LAMA reports and skips such facts; the first piece is an easier target than the whole word.</source>
        <translation>不是模型词表中单个词元的答案无法填入一个掩码。LAMA 会报告并跳过这类事实；第一个子词比整个词更容易预测。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answers of several pieces</source>
        <translation>由多个子词组成的答案</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Probe</source>
        <translation>探测</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rank the whole vocabulary at the mask of every template, for every fact</source>
        <translation>对每个事实、每个模板，在掩码处对整个词表排序</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P@1 (%) — rows: probing templates, column: the whole vocabulary</source>
        <translation>P@1（%）— 行：探测模板，列：整个词表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vocabulary</source>
        <translation>词表</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>P@10 (%)</source>
        <translation>P@10（%）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>MRR</source>
        <translation>MRR</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Scored</source>
        <translation>已打分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fact</source>
        <translation>事实</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>P(answer)</source>
        <translation>P(答案)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Top tokens</source>
        <translation>最可能的词元</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>P@1: the answer is the model&apos;s most likely token</source>
        <translation>P@1：答案是模型最可能的词元</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Choose a facts file and write at least one template.</source>
        <translation>请选择一个事实文件，并至少编写一个模板。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Probing…</source>
        <translation>正在探测…</translation>
    </message>
    <message numerus="yes">
        <location line="+57"/>
        <source>%n template(s) probed in %1 s.</source>
        <translation>
            <numerusform>已探测 %n 个模板，用时 %1 秒。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+18"/>
        <source> (first piece %1)</source>
        <translation>（第一个子词 %1）</translation>
    </message>
</context>
<context>
    <name>pwb::ui::Project</name>
    <message>
        <location filename="../project.cpp" line="+140"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+133"/>
        <source>Saving the project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <location line="-98"/>
        <source>Saving the model choice</source>
        <translation>保存模型选择</translation>
    </message>
    <message>
        <location line="+150"/>
        <source>Saving template &apos;%1&apos;</source>
        <translation>保存模板“%1”</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Deleting a template</source>
        <translation>删除模板</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Saving verbalizer &apos;%1&apos;</source>
        <translation>保存标签映射“%1”</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Deleting a verbalizer</source>
        <translation>删除标签映射</translation>
    </message>
</context>
<context>
    <name>pwb::ui::ProjectView</name>
    <message>
        <location filename="../project_view.cpp" line="+29"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose Model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Data sets</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Labels / status</source>
        <translation>标签 / 状态</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Examples</source>
        <translation>样本</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Filter examples…</source>
        <translation>筛选样本…</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Remove Data Set</source>
        <translation>移除数据集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove &apos;%1&apos; from the project? The file itself is not touched.</source>
        <translation>要从项目中移除“%1”吗？文件本身不会被改动。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No model chosen</source>
        <translation>尚未选择模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose a Hugging Face BERT or RoBERTa masked-LM folder (File ▸ Choose Model).</source>
        <translation>请选择一个 Hugging Face BERT 或 RoBERTa 掩码语言模型文件夹（文件 ▸ 选择模型）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+20"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message numerus="yes">
        <location line="-2"/>
        <source> — %n row(s) skipped</source>
        <translation>
            <numerusform> — 跳过了 %n 行</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+47"/>
        <source>loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, unlabeled</source>
        <translation>，无标签</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>, labels %1</source>
        <translation>，标签 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, %1 row skipped</source>
        <translation>，跳过了 %1 行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>, %1 rows skipped</source>
        <translation>，跳过了 %1 行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (%1, %2)</source>
        <translation>（%1，%2）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No data set: import one.</source>
        <translation>没有数据集：请导入一个。</translation>
    </message>
</context>
<context>
    <name>pwb::ui::RegressionPanel</name>
    <message>
        <location filename="../regression_panel.cpp" line="+56"/>
        <source>Data with a numeric target</source>
        <translation>带数值目标的数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One row per example with a number to predict: TSV/CSV with a header (sentence&lt;TAB&gt;score) or JSONL ({&quot;text&quot;: &quot;…&quot;, &quot;score&quot;: 3.2}). A target that is not a number or not finite is reported by line and the row skipped.</source>
        <translation>每行一个样本，带一个待预测的数值：带表头的 TSV/CSV（sentence&lt;TAB&gt;score）或 JSONL（{&quot;text&quot;: &quot;…&quot;, &quot;score&quot;: 3.2}）。目标不是数字或不是有限值时，会按行号报告并跳过该行。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Data (*.tsv *.csv *.jsonl *.json);;All files (*)</source>
        <translation>数据 (*.tsv *.csv *.jsonl *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>label, else the last column</source>
        <translation>label，否则取最后一列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target column</source>
        <translation>目标列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Templates (one per line, one [MASK])</source>
        <translation>模板（每行一个，含一个 [MASK]）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>One pole pair per line, as pwb&apos;s --poles: &quot;VL=lower;VU=upper&quot; (e.g. 0=terrible;4=great) or &quot;lower;upper&quot; for the data&apos;s min and max. The prediction is VL + (VU − VL) · p_upper, p_upper the softmax over the two words&apos; scores at the mask (LM-BFF).</source>
        <translation>每行一对极点，格式同 pwb 的 --poles：&quot;VL=lower;VU=upper&quot;（例如 0=terrible;4=great），或 &quot;lower;upper&quot; 表示取数据的最小值和最大值。预测值为 VL + (VU − VL) · p_upper，其中 p_upper 是掩码处两个词得分上的 softmax（LM-BFF）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pole pairs</source>
        <translation>极点对</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Every template with every pole pair: Pearson, Spearman and MSE</source>
        <translation>每个模板与每对极点组合：Pearson、Spearman 和 MSE</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pearson&apos;s r — rows: templates, columns: pole pairs</source>
        <translation>Pearson 的 r — 行：模板，列：极点对</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Prediction</source>
        <translation>预测值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>p_upper</source>
        <translation>p_upper</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Choose a data file and write at least one template.</source>
        <translation>请选择一个数据文件，并至少编写一个模板。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Evaluating…</source>
        <translation>正在评估…</translation>
    </message>
    <message numerus="yes">
        <location line="+62"/>
        <source>%n cell(s) evaluated on %1.</source>
        <translation>
            <numerusform>已在 %1 上评估 %n 个单元格。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Pearson %1 · Spearman %2 · MSE %3 (%4 rows; range %5 to %6%7)</source>
        <translation>Pearson %1 · Spearman %2 · MSE %3（%4 行；范围 %5 到 %6%7）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>, from the data</source>
        <translation>，取自数据</translation>
    </message>
</context>
<context>
    <name>pwb::ui::RunsView</name>
    <message>
        <location filename="../runs_view.cpp" line="+69"/>
        <source>All methods</source>
        <translation>所有方法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt-based fine-tuning</source>
        <translation>基于提示的微调</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt tuning</source>
        <translation>提示微调</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P-tuning v1</source>
        <translation>P-tuning v1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P-tuning v2</source>
        <translation>P-tuning v2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fine-tuning ([CLS] head)</source>
        <translation>微调（[CLS] 分类头）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ensembles</source>
        <translation>集成</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Finished runs</source>
        <translation>已完成的运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All statuses</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Name contains…</source>
        <translation>名称包含…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Test accuracy</source>
        <translation>测试集准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best dev accuracy</source>
        <translation>最佳验证集准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../runs_view_selected.cpp" line="+132"/>
        <source>Test macro-F1</source>
        <translation>测试集宏平均 F1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test Pearson (regression)</source>
        <translation>测试集 Pearson（回归）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test Spearman (regression)</source>
        <translation>测试集 Spearman（回归）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test MSE (regression)</source>
        <translation>测试集 MSE（回归）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best dev Pearson (regression)</source>
        <translation>最佳验证集 Pearson（回归）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test micro-F1 (multi-label)</source>
        <translation>测试集微平均 F1（多标签）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test subset accuracy (multi-label)</source>
        <translation>测试集子集准确率（多标签）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best dev micro-F1 (multi-label)</source>
        <translation>最佳验证集微平均 F1（多标签）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test P@1 (probing)</source>
        <translation>测试集 P@1（知识探测）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test P@10 (probing)</source>
        <translation>测试集 P@10（知识探测）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test MRR (probing)</source>
        <translation>测试集 MRR（知识探测）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best dev P@1 (probing)</source>
        <translation>最佳验证集 P@1（知识探测）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Population std (LM-BFF)</source>
        <translation>总体标准差（LM-BFF）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sample std (PET)</source>
        <translation>样本标准差（PET）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-read the project file (F5)</source>
        <translation>重新读取项目文件（F5）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export Table…</source>
        <translation>导出表格…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export Plot…</source>
        <translation>导出图表…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export Prompt…</source>
        <translation>导出提示…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export the selected run&apos;s trained prompt (Ctrl+Shift+E)</source>
        <translation>导出所选运行训练好的提示（Ctrl+Shift+E）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ensemble Selected…</source>
        <translation>集成所选运行…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Combine the selected finished runs into one stored run: per test example the mean of their class probabilities (uniform or PET weights). They must share labels, model and test data.</source>
        <translation>把所选的已完成运行合并为一次存储的运行：对每个测试样本，取它们类别概率的均值（均匀权重或 PET 权重）。它们必须使用相同的标签、模型和测试数据。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Summarise</source>
        <translation>汇总</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Test acc. %</source>
        <translation>测试准确率 %</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Best dev %</source>
        <translation>最佳验证 %</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Select runs to overlay their loss curves; right-click to export a run&apos;s prompt.</source>
        <translation>选择运行以叠加其损失曲线；右键单击可导出该运行的提示。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export Trained Prompt…</source>
        <translation>导出训练好的提示…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overlay Loss Curve</source>
        <translation>叠加损失曲线</translation>
    </message>
    <message>
        <location line="+9"/>
        <location filename="../runs_view_groups.cpp" line="+31"/>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../runs_view_groups.cpp" line="+0"/>
        <source>Runs</source>
        <translation>运行次数</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../runs_view_groups.cpp" line="+0"/>
        <source>Mean (std)</source>
        <translation>均值（标准差）</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../runs_view_groups.cpp" line="+1"/>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../runs_view_groups.cpp" line="+0"/>
        <source>Min</source>
        <translation>最小值</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../runs_view_groups.cpp" line="+0"/>
        <source>Max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../runs_view_groups.cpp" line="+1"/>
        <source>Per seed</source>
        <translation>各种子结果</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>By configuration (mean ± std over seeds)</source>
        <translation>按配置汇总（各种子的均值 ± 标准差）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loss curves of the selected runs</source>
        <translation>所选运行的损失曲线</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run details</source>
        <translation>运行详情</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../runs_view_selected.cpp" line="-73"/>
        <location line="+15"/>
        <source>Select the runs to ensemble first.</source>
        <translation>请先选择要集成的运行。</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Uniform (every run counts the same)</source>
        <translation>均匀（每次运行权重相同）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PET (each run by its accuracy on its training examples before training)</source>
        <translation>PET（每次运行按其训练前在训练样本上的准确率加权）</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Ensemble %n Run(s)</source>
        <translation>
            <numerusform>集成 %n 次运行</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weights:</source>
        <translation>权重：</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>Ensembling %n run(s)…</source>
        <translation>
            <numerusform>正在集成 %n 次运行…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Ensemble run %1: test accuracy %2 % (best member %3 %).</source>
        <translation>集成运行 %1：测试集准确率 %2 %（最佳成员 %3 %）。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Run %1: %2 (%3, %4)</source>
        <translation>运行 %1：%2（%3，%4）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test accuracy: %1 %</source>
        <translation>测试集准确率：%1 %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test micro-F1</source>
        <translation>测试集微平均 F1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test subset accuracy</source>
        <translation>测试集子集准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best dev micro-F1</source>
        <translation>最佳验证集微平均 F1</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+15"/>
        <source>%1: %2 %</source>
        <translation>%1：%2 %</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Threshold: %1</source>
        <translation>阈值：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Multiple choice (option text scored): the test accuracy above</source>
        <translation>多项选择（对选项文本打分）：即上面的测试集准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test Pearson</source>
        <translation>测试集 Pearson</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test Spearman</source>
        <translation>测试集 Spearman</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test MSE</source>
        <translation>测试集 MSE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best dev Pearson</source>
        <translation>最佳验证集 Pearson</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test P@1</source>
        <translation>测试集 P@1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test P@10</source>
        <translation>测试集 P@10</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best dev P@1</source>
        <translation>最佳验证集 P@1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Test MRR: %1</source>
        <translation>测试集 MRR：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accuracy on its training examples before training (PET weight): %1 %</source>
        <translation>训练前在其训练样本上的准确率（PET 权重）：%1 %</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Made from: no other run.</source>
        <translation>并非由其他运行生成。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Made from:</source>
        <translation>由以下运行生成：</translation>
    </message>
    <message>
        <location filename="../runs_view.cpp" line="+35"/>
        <source>Reading runs…</source>
        <translation>正在读取运行记录…</translation>
    </message>
    <message>
        <location line="+30"/>
        <location filename="../runs_view_selected.cpp" line="-69"/>
        <location line="+29"/>
        <location line="+85"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message numerus="yes">
        <location line="+36"/>
        <source>%n run(s), %1 configuration(s). Std: %2.</source>
        <translation>
            <numerusform>%n 次运行，%1 种配置。标准差：%2。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sample (divides by n − 1), as PET reports</source>
        <translation>样本标准差（除以 n − 1），与 PET 的报告方式相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>population (divides by n), as LM-BFF reports</source>
        <translation>总体标准差（除以 n），与 LM-BFF 的报告方式相同</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+4"/>
        <source>Pearson %1</source>
        <translation>Pearson %1</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+5"/>
        <source>micro-F1 %1</source>
        <translation>微平均 F1 %1</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+5"/>
        <source>P@1 %1</source>
        <translation>P@1 %1</translation>
    </message>
    <message>
        <location filename="../runs_view_groups.cpp" line="-2"/>
        <source>Mean (sample std)</source>
        <translation>均值（样本标准差）</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>± sample std</source>
        <translation>± 样本标准差</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>± population std</source>
        <translation>± 总体标准差</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>seeds</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../runs_view.cpp" line="+33"/>
        <location line="+4"/>
        <source>Export Table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Markdown (*.md);;CSV (*.csv);;LaTeX (*.tex)</source>
        <translation>Markdown (*.md);;CSV (*.csv);;LaTeX (*.tex)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accuracy mean (std) over seeds</source>
        <translation>各种子准确率的均值（标准差）</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+4"/>
        <source>Export Plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF (*.pdf)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>pwb::ui::SearchRunner</name>
    <message>
        <location filename="../search_runner.cpp" line="+37"/>
        <source>A search is already in progress.</source>
        <translation>已有一个搜索正在进行。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>(and the project file could not record it: %1)</source>
        <translation>（且项目文件无法记录它：%1）</translation>
    </message>
</context>
<context>
    <name>pwb::ui::SearchView</name>
    <message>
        <location filename="../search_view.cpp" line="+44"/>
        <source>Method and task</source>
        <translation>方法与任务</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+137"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location line="-130"/>
        <source>A template with trigger slots [T] (or [T*n]) and one [MASK].</source>
        <translation>含触发位置 [T]（或 [T*n]）和一个 [MASK] 的模板。</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+107"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="-104"/>
        <source>Label words, one token each: &quot;1=great;0=terrible&quot;.</source>
        <translation>标签词，每个一个词元：&quot;1=great;0=terrible&quot;。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verbalizer</source>
        <translation>标签映射</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>auto_template/SST-2/16-13.sort.txt</source>
        <translation>auto_template/SST-2/16-13.sort.txt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Candidate list</source>
        <translation>候选列表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>K-shot train and dev examples are drawn from this data set for every seed.</source>
        <translation>每个种子的 K-shot 训练集和验证集样本从此数据集中抽取。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only reported for the candidates, never used to choose.</source>
        <translation>仅为候选项报告，从不用于选择。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Search on</source>
        <translation>搜索数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test on</source>
        <translation>测试数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>K per class</source>
        <translation>每类 K 个</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Seeds</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>AutoPrompt budget</source>
        <translation>AutoPrompt 预算</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Candidates per step</source>
        <translation>每步候选数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>never stop early</source>
        <translation>从不提前停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patience (steps)</source>
        <translation>耐心值（步）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Generation budget</source>
        <translation>生成预算</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Masks per run</source>
        <translation>每段掩码数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Beam width</source>
        <translation>束宽</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Templates kept</source>
        <translation>保留的模板数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Candidate list budget</source>
        <translation>候选列表预算</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>every line</source>
        <translation>每一行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First lines</source>
        <translation>前几行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ranking on dev</source>
        <translation>在验证集上排序</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>all candidates</source>
        <translation>全部候选项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rank at most</source>
        <translation>最多排序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the model&apos;s maximum</source>
        <translation>模型的最大值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max length</source>
        <translation>最大长度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the search; the candidates found so far are kept.</source>
        <translation>停止搜索；已找到的候选项会保留。</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+94"/>
        <source>No search yet.</source>
        <translation>尚未搜索。</translation>
    </message>
    <message>
        <location line="-84"/>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dev mean ± std</source>
        <translation>验证集均值 ± 标准差</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dev per seed</source>
        <translation>各种子的验证集结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Search score</source>
        <translation>搜索得分</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Use Template</source>
        <translation>使用该模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add the selected template to the project&apos;s templates.</source>
        <translation>把所选模板添加到项目的模板中。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Searches in this project</source>
        <translation>本项目中的搜索</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Candidates</source>
        <translation>候选项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the search&apos;s candidates and put its settings in the form.</source>
        <translation>显示该搜索的候选项，并把它的设置填入表单。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>LM-BFF Candidate List</source>
        <translation>LM-BFF 候选列表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LM-BFF lists (*.sort.txt *.txt);;All files (*)</source>
        <translation>LM-BFF 列表 (*.sort.txt *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Delete Search</source>
        <translation>删除搜索</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete search %1 and its candidates from the project?</source>
        <translation>要从项目中删除搜索 %1 及其候选项吗？</translation>
    </message>
    <message>
        <location line="+57"/>
        <location filename="../search_view_form.cpp" line="+68"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No test accuracy</source>
        <translation>无测试集准确率</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loading the model and drawing the K-shot splits…</source>
        <translation>正在加载模型并抽取 K-shot 划分…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelling: the candidates found so far are kept…</source>
        <translation>正在取消：已找到的候选项会保留…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Best: &lt;b&gt;%1&lt;/b&gt; — dev accuracy %2 %</source>
        <translation>最佳：&lt;b&gt;%1&lt;/b&gt; — 验证集准确率 %2 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>最佳：&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1: %2 of %3</source>
        <translation>%1：%2 / %3</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The search failed.</source>
        <translation>搜索失败。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No candidates.</source>
        <translation>没有候选项。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelled after %2 s: %1 candidates kept</source>
        <translation>%2 秒后已取消：保留了 %1 个候选项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 candidates in %2 s</source>
        <translation>%1 个候选项，用时 %2 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>; stored as search %1</source>
        <translation>；已存储为搜索 %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>seed %1: %2 %</source>
        <translation>种子 %1：%2 %</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Search %1 #%2</source>
        <translation>搜索 %1 #%2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Searched #%1</source>
        <translation>搜索结果 #%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Added &quot;%1&quot; to the project&apos;s templates.</source>
        <translation>已将“%1”添加到项目的模板中。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Reading the project&apos;s searches failed: %1</source>
        <translation>读取项目的搜索记录失败：%1</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>No ranked candidates.</source>
        <translation>没有已排序的候选项。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search %1 (%2): %3 candidates, %4 s</source>
        <translation>搜索 %1（%2）：%3 个候选项，%4 秒</translation>
    </message>
    <message>
        <location filename="../search_view_form.cpp" line="-47"/>
        <source>Choose a model for the project first.</source>
        <translation>请先为项目选择一个模型。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import a data set to search on first.</source>
        <translation>请先导入一个用于搜索的数据集。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Verbalizer: give the label words.</source>
        <translation>标签映射：请给出标签词。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Seeds: &apos;%1&apos; is not a non-negative whole number.</source>
        <translation>种子：“%1”不是非负整数。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Seeds: give at least one seed.</source>
        <translation>种子：请至少给出一个种子。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Candidate list: choose an LM-BFF *.sort.txt file.</source>
        <translation>候选列表：请选择一个 LM-BFF *.sort.txt 文件。</translation>
    </message>
</context>
<context>
    <name>pwb::ui::SweepBuilder</name>
    <message>
        <location filename="../sweep_builder.cpp" line="+61"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>K-shot train and dev examples are drawn from this data set.</source>
        <translation>K-shot 训练集和验证集样本从此数据集中抽取。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train data</source>
        <translation>训练数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test data</source>
        <translation>测试数据</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Methods</source>
        <translation>方法</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verbalizers</source>
        <translation>标签映射</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The runs&apos; seeds (each configuration runs once per seed)</source>
        <translation>各运行的种子（每种配置对每个种子各运行一次）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Examples per class (K-shot), one or more</source>
        <translation>每类样本数（K-shot），一个或多个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learning rates (LM-BFF: 1e-5, 2e-5, 5e-5)</source>
        <translation>学习率（LM-BFF：1e-5、2e-5、5e-5）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch sizes (LM-BFF: 2, 4, 8)</source>
        <translation>批大小（LM-BFF：2、4、8）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Soft-prompt length (prompt tuning, P-tuning) and prefix length (P-tuning v2)</source>
        <translation>软提示长度（提示微调、P-tuning）和前缀长度（P-tuning v2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seeds</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>K</source>
        <translation>K</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learning rates</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch sizes</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt length</source>
        <translation>提示长度</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Dev evaluation period in steps: the dev accuracy that picks the best configuration</source>
        <translation>验证间隔（步）：用于挑选最佳配置的验证集准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dev every</source>
        <translation>验证间隔</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid: every combination. Random: count of them, drawn with the seed.</source>
        <translation>网格：所有组合。随机：按种子从中抽取指定数量。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>count </source>
        <translation>数量 </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>seed </source>
        <translation>种子 </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed of the random draw (not the runs&apos; seeds)</source>
        <translation>随机抽取所用的种子（不是各运行的种子）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save Sweep File…</source>
        <translation>保存扫描文件…</translation>
    </message>
    <message numerus="yes">
        <location line="+146"/>
        <source>%n run(s); estimated %1 of training and evaluation on one worker (%2).</source>
        <translation>
            <numerusform>%n 次运行；在一个工作进程上训练和评估预计需要 %1（%2）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>More than %1 runs: running asks for confirmation.</source>
        <translation>超过 %1 次运行：运行前会要求确认。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+4"/>
        <source>Save Sweep File</source>
        <translation>保存扫描文件</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Sweep files (*.json)</source>
        <translation>扫描文件 (*.json)</translation>
    </message>
</context>
<context>
    <name>pwb::ui::SweepQueue</name>
    <message>
        <location filename="../sweep_queue.cpp" line="-395"/>
        <location line="+151"/>
        <source>No sweep folder: build a sweep and run it, or open a folder.</source>
        <translation>没有扫描文件夹：请构建一个扫描并运行，或打开一个文件夹。</translation>
    </message>
    <message>
        <location line="-148"/>
        <source>Open Folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow a sweep folder written by pwb sweep run / submit</source>
        <translation>跟踪由 pwb sweep run / submit 写入的扫描文件夹</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>workers </source>
        <translation>工作进程 </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parallel worker processes; each gets cores / workers threads</source>
        <translation>并行工作进程数；每个进程使用 核数 / 工作进程数 个线程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run Locally</source>
        <translation>本地运行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Submit to Slurm</source>
        <translation>提交到 Slurm</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Collect</source>
        <translation>收集</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge the done tasks&apos; runs into the project (collecting twice adds nothing)</source>
        <translation>把已完成任务的运行合并到项目中（重复收集不会重复添加）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resubmit Failed</source>
        <translation>重新提交失败任务</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run the failed and cancelled tasks again (on Slurm when submitted there)</source>
        <translation>重新运行失败和已取消的任务（若原先提交到 Slurm，则仍在 Slurm 上运行）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Slurm</source>
        <translation>Slurm</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+1"/>
        <source>cluster default</source>
        <translation>集群默认值</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>--partition</source>
        <translation>--partition</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--account</source>
        <translation>--account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--time: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS</source>
        <translation>--time：MM、MM:SS、HH:MM:SS、D-HH、D-HH:MM、D-HH:MM:SS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--gres, e.g. gpu:1</source>
        <translation>--gres，例如 gpu:1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--mem</source>
        <translation>--mem</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--cpus-per-task (also the task&apos;s torch threads)</source>
        <translation>--cpus-per-task（也是任务的 torch 线程数）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At most this many array tasks at once (%N of --array)</source>
        <translation>同时运行的数组任务数上限（--array 中的 %N）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>CPUs</source>
        <translation>CPU 数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>max parallel</source>
        <translation>最大并行数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partition</source>
        <translation>分区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GRES</source>
        <translation>GRES</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Job</source>
        <translation>作业</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Seconds</source>
        <translation>秒数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Open a project first.</source>
        <translation>请先打开一个项目。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Sweep folder: %1</source>
        <translation>扫描文件夹：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open Sweep Folder</source>
        <translation>打开扫描文件夹</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+110"/>
        <location line="+49"/>
        <location line="+55"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message>
        <location line="-189"/>
        <source>%1 task(s): %2 pending, %3 running, %4 done, %5 failed, %6 cancelled%7.</source>
        <translation>%1 个任务：%2 个待运行，%3 个运行中，%4 个已完成，%5 个失败，%6 个已取消%7。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> (on Slurm)</source>
        <translation>（在 Slurm 上）</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>✘ The pwb program was not found next to this one or on PATH.</source>
        <translation>✘ 在本程序旁边和 PATH 中都找不到 pwb 程序。</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Running the sweep with %n worker(s)…</source>
        <translation>
            <numerusform>正在用 %n 个工作进程运行扫描…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Ran %1 task(s): %2 done, %3 failed, %4 cancelled (%5 already done). Collected: %6 run(s) added, %7 already in the project.</source>
        <translation>已运行 %1 个任务：%2 个完成，%3 个失败，%4 个取消（%5 个此前已完成）。已收集：新增 %6 次运行，%7 次已在项目中。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Resubmitting the failed tasks to Slurm…</source>
        <translation>正在把失败的任务重新提交到 Slurm…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Submitting to Slurm…</source>
        <translation>正在提交到 Slurm…</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Collecting…</source>
        <translation>正在收集…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>✘ Nothing was merged: %1</source>
        <translation>✘ 没有合并任何内容：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Collected %1 done task(s): %2 run(s) added, %3 already in the project; %4 task(s) not done.</source>
        <translation>已收集 %1 个完成的任务：新增 %2 次运行，%3 次已在项目中；%4 个任务未完成。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Stopping the workers…</source>
        <translation>正在停止工作进程…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancelling the Slurm tasks…</source>
        <translation>正在取消 Slurm 任务…</translation>
    </message>
</context>
<context>
    <name>pwb::ui::SweepResults</name>
    <message>
        <location filename="../sweep_results.cpp" line="+44"/>
        <location line="+59"/>
        <source>This sweep&apos;s runs</source>
        <translation>本次扫描的运行</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>All finished runs</source>
        <translation>所有已完成的运行</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Best configuration</source>
        <translation>最佳配置</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Configs</source>
        <translation>配置数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Seeds</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dev %</source>
        <translation>验证 %</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Test %</source>
        <translation>测试 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Configurations of this method compared</source>
        <translation>该方法各配置的对比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dev accuracy in %: mean (population std) over the seeds</source>
        <translation>验证集准确率（%）：各种子的均值（总体标准差）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test accuracy in %: mean (population std) over the same runs</source>
        <translation>测试集准确率（%）：相同运行上的均值（总体标准差）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Per method, the configuration with the highest mean dev accuracy over its seeds; the test accuracy never takes part in the choice. Std: population (LM-BFF).</source>
        <translation>对每种方法，取各种子验证集平均准确率最高的配置；测试集准确率从不参与选择。标准差：总体标准差（LM-BFF）。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Runs of %1</source>
        <translation>%1 的运行</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Reading runs…</source>
        <translation>正在读取运行记录…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n finished run(s); best configuration per method by mean dev accuracy, test as mean (population std).</source>
        <translation>
            <numerusform>%n 次已完成的运行；每种方法按验证集平均准确率选出最佳配置，测试集结果为均值（总体标准差）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Runs %1
%2</source>
        <translation>运行 %1
%2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>test mean</source>
        <translation>测试集均值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>± population std</source>
        <translation>± 总体标准差</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>seeds</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Test acc. (%)</source>
        <translation>测试准确率（%）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mean ± std, dots: seeds</source>
        <translation>均值 ± 标准差，点：各种子</translation>
    </message>
</context>
<context>
    <name>pwb::ui::SweepsView</name>
    <message>
        <location filename="../sweeps_view.cpp" line="+35"/>
        <source>Create Sweep Folder ▸</source>
        <translation>创建扫描文件夹 ▸</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write the sweep and its plan into &lt;project&gt;.sweeps/&lt;name&gt; and show its tasks</source>
        <translation>把扫描及其计划写入 &lt;project&gt;.sweeps/&lt;name&gt;，并显示其中的任务</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Create Sweep Folder</source>
        <translation>创建扫描文件夹</translation>
    </message>
</context>
<context>
    <name>pwb::ui::TaskPage</name>
    <message>
        <location filename="../task_page.cpp" line="+48"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>The project has no model.</source>
        <translation>项目没有模型。</translation>
    </message>
</context>
<context>
    <name>pwb::ui::TemplateView</name>
    <message>
        <location filename="../template_view.cpp" line="+24"/>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New template (Ctrl+Shift+N)</source>
        <translation>新建模板（Ctrl+Shift+N）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+196"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="-193"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo (Ctrl+Z)</source>
        <translation>撤销（Ctrl+Z）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>重做（Ctrl+Shift+Z）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;span style=&apos;opacity:0.75&apos;&gt;{field} data field · [MASK] mask · [SOFT*n] soft tokens · [P*n] P-tuning tokens · [SEP] pair separator · [DEMOS]…[/DEMOS] one demonstration, [LABEL] its label word · \ escapes&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;opacity:0.75&apos;&gt;{字段} 数据字段 · [MASK] 掩码 · [SOFT*n] 软提示词元 · [P*n] P-tuning 词元 · [SEP] 句对分隔符 · [DEMOS]…[/DEMOS] 一个演示样例，[LABEL] 其标签词 · \ 转义&lt;/span&gt;</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>e.g. {sentence} It was [MASK] .</source>
        <translation>例如：{sentence} It was [MASK] .</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Max length</source>
        <translation>最大长度</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+16"/>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Tokens per rendered example, special tokens and soft slots included. Fields marked |shorten (or the longest field) are cut to fit; the template never is.</source>
        <translation>每个渲染后样本的词元数，包括特殊词元和软提示位置。超长时截断标记了 |shorten 的字段（或最长的字段），模板本身永不截断。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>What the model sees</source>
        <translation>模型看到的内容</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>&lt;span style=&apos;opacity:0.7&apos;&gt;under each token: position · segment id&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;opacity:0.7&apos;&gt;每个词元下方：位置 · 片段编号&lt;/span&gt;</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Delete Template</source>
        <translation>删除模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete template &apos;%1&apos;? Runs and evaluations keep their copy of its text.</source>
        <translation>要删除模板“%1”吗？运行和评估记录会保留各自的模板文本副本。</translation>
    </message>
    <message>
        <location line="+128"/>
        <source>Add a template with New.</source>
        <translation>点击“新建”添加模板。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>✘ %1:%2: %3</source>
        <translation>✘ %1:%2：%3</translation>
    </message>
    <message>
        <location line="-49"/>
        <location line="+70"/>
        <location line="+109"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message>
        <location line="-105"/>
        <source>No [MASK] yet: scoring and prompt-based training need one.</source>
        <translation>还没有 [MASK]：打分和基于提示的训练都需要一个。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>✔ Template is valid. Loading the model&apos;s tokenizer…</source>
        <translation>✔ 模板有效。正在加载模型的分词器…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✘ Tokenizer: %1</source>
        <translation>✘ 分词器：%1</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>&lt;b&gt;%1&lt;/b&gt; tokens of %2 max</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 个词元（上限 %2）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>mask at position %1</source>
        <translation>掩码位于位置 %1</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n 个片段</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n trainable slot(s)</source>
        <translation>
            <numerusform>%n 个可训练位置</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>template alone: %1 tokens</source>
        <translation>仅模板：%1 个词元</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&lt;span style=&apos;opacity:0.7&apos;&gt;Text given to the tokenizer:&lt;/span&gt; %1</source>
        <translation>&lt;span style=&apos;opacity:0.7&apos;&gt;交给分词器的文本：&lt;/span&gt; %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{%1} loses %2 of %3 tokens</source>
        <translation>{%1} 的 %3 个词元中截去 %2 个</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&lt;b&gt;Cut by truncation&lt;/b&gt; (%1):</source>
        <translation>&lt;b&gt;被截断删除的内容&lt;/b&gt;（%1）：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>✔ Valid template — this example is truncated to fit %1 tokens.</source>
        <translation>✔ 模板有效 — 此样本被截断以适应 %1 个词元。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✔ Valid template.</source>
        <translation>✔ 模板有效。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>⚠ %1</source>
        <translation>⚠ %1</translation>
    </message>
    <message>
        <location line="-419"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>LM-BFF --first_sent_limit: keep the first N tokens of the query&apos;s first sentence</source>
        <translation>LM-BFF --first_sent_limit：只保留查询第一个句子的前 N 个词元</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>LM-BFF --other_sent_limit: keep the first N tokens of every other sentence (each demonstration&apos;s, and the query&apos;s second one)</source>
        <translation>LM-BFF --other_sent_limit：其余每个句子（各演示样例的句子以及查询的第二个句子）只保留前 N 个词元</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sentence limits: query</source>
        <translation>句子长度上限：查询</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>others</source>
        <translation>其余</translation>
    </message>
    <message>
        <location line="+317"/>
        <source>✘ The template has demonstrations: import a labelled data set to draw them from.</source>
        <translation>✘ 该模板含有演示样例：请导入带标签的数据集以从中抽取。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>✘ Demonstrations: %1</source>
        <translation>✘ 演示样例：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%n demonstration(s) (one per class, first in the data set): %1</source>
        <translation>
            <numerusform>%n 个演示样例（每个类别一个，取数据集中的第一个）：%1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>label words: the labels themselves (no verbalizer has a word for every class)</source>
        <translation>标签词：标签本身（没有标签映射为每个类别都给出词）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>label words from verbalizer &apos;%1&apos;</source>
        <translation>标签词来自标签映射“%1”</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source> (%n by the sentence limit)</source>
        <translation>
            <numerusform> （其中 %n 个因句子长度上限）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+22"/>
        <source>demonstration %1 {%2} loses %3 of %4 tokens</source>
        <translation>演示样例 %1 的 {%2} 的 %4 个词元中截去 %3 个</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>✔ Valid template — the sentence limits shorten this example.</source>
        <translation>✔ 模板有效 — 句子长度上限缩短了此样本。</translation>
    </message>
    <message>
        <location line="-463"/>
        <source>Convert to workbench syntax</source>
        <translation>转换为本工具的语法</translation>
    </message>
    <message>
        <location line="+331"/>
        <source>This looks like an LM-BFF template: convert it to the workbench syntax</source>
        <translation>这看起来是 LM-BFF 模板：可将其转换为本工具的语法</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This looks like an OpenPrompt template: convert it to the workbench syntax</source>
        <translation>这看起来是 OpenPrompt 模板：可将其转换为本工具的语法</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Converted: %1</source>
        <translation>已转换：%1</translation>
    </message>
</context>
<context>
    <name>pwb::ui::TokenChipView</name>
    <message>
        <location filename="../token_chip_view.cpp" line="+129"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;position %2, segment %3, %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;位置 %2，片段 %3，%4</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;br&gt;vocabulary id %1</source>
        <translation>&lt;br&gt;词表 ID %1</translation>
    </message>
</context>
<context>
    <name>pwb::ui::TrainRunner</name>
    <message>
        <location filename="../train_runner.cpp" line="+30"/>
        <source>A training run is already in progress.</source>
        <translation>已有一个训练正在进行。</translation>
    </message>
</context>
<context>
    <name>pwb::ui::TrainView</name>
    <message>
        <location filename="../train_view.cpp" line="+21"/>
        <source>Method and task</source>
        <translation>方法与任务</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(keep the values below)</source>
        <translation>（保留下面的取值）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo model README</source>
        <translation>演示模型 README</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LM-BFF (Gao et al.)</source>
        <translation>LM-BFF（Gao 等）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lester et al. (prompt tuning)</source>
        <translation>Lester 等（提示微调）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P-tuning v2 paper</source>
        <translation>P-tuning v2 论文</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Verbalizer</source>
        <translation>标签映射</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regression (two poles, LM-BFF)</source>
        <translation>回归（两个极点，LM-BFF）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Multi-label (F1)</source>
        <translation>多标签（F1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Knowledge probing (P@1)</source>
        <translation>知识探测（P@1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Regression: every row has a numeric target; two pole words are scored at [MASK] and the prediction is VL + (VU − VL) · p(upper). Trained with LM-BFF&apos;s KL loss; the metrics are Pearson, Spearman and MSE.
Multi-label: rows with several labels; one label word per label (binary cross-entropy) or one yes/no cloze per label; micro-F1 picks the checkpoint and the threshold.
Knowledge probing: rows of fields and an answer word; the loss is the cross-entropy over the whole vocabulary at [MASK] (P-tuning&apos;s LAMA experiments); the whole training set is trained on, the dev set&apos;s P@1 picks the checkpoint, the test set gives P@1, P@10 and MRR. Prompt-based fine-tuning, prompt tuning or P-tuning.</source>
        <translation>回归：每行都有一个数值目标；在 [MASK] 处为两个极点词打分，预测值为 VL + (VU − VL) · p(upper)。用 LM-BFF 的 KL 损失训练；指标为 Pearson、Spearman 和 MSE。
多标签：每行有多个标签；每个标签一个标签词（二元交叉熵），或每个标签一个是/否完形填空；由微平均 F1 选择检查点和阈值。
知识探测：每行是若干字段和一个答案词；损失为 [MASK] 处整个词表上的交叉熵（P-tuning 的 LAMA 实验）；在整个训练集上训练，由验证集的 P@1 选择检查点，测试集给出 P@1、P@10 和 MRR。可用基于提示的微调、提示微调或 P-tuning。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>0=terrible;4=great  (or terrible;great: range from the data)</source>
        <translation>0=terrible;4=great  （或 terrible;great：范围取自数据）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Poles</source>
        <translation>极点</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>score  (empty: the &quot;label&quot; column, or the last one)</source>
        <translation>score  （留空：“label”列，或最后一列）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target column</source>
        <translation>目标列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Multi-label</source>
        <translation>多标签</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>K-shot train and dev examples are sampled from this data set.</source>
        <translation>K-shot 训练集和验证集样本从此数据集中采样。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Train from</source>
        <translation>训练数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test on</source>
        <translation>测试数据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Knowledge probing: the dev set whose P@1 picks the checkpoint.</source>
        <translation>知识探测：用其 P@1 选择检查点的验证集。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dev (probing)</source>
        <translation>验证集（知识探测）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Protocol</source>
        <translation>实验协议</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>K per class</source>
        <translation>每类 K 个</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Seeds</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>at the end</source>
        <translation>仅在结束时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dev every (steps)</source>
        <translation>验证间隔（步）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Warm-up ratio</source>
        <translation>预热比例</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Max length</source>
        <translation>最大长度</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Soft / pseudo tokens</source>
        <translation>软提示 / 伪词元数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Prefix length</source>
        <translation>前缀长度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bf16 mixed precision</source>
        <translation>bf16 混合精度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Asking the engine which devices it can use…</source>
        <translation>正在询问计算引擎可用的设备…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Keep the trained prompt for export</source>
        <translation>保留训练好的提示以便导出</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saves each seed&apos;s trained state in a folder next to the project file, so that the run can be exported (File ▸ Export Trained Prompt). On by default for the methods that train only a prompt; methods that train the model&apos;s weights save a copy of the whole model per seed.</source>
        <translation>将每个种子的训练状态保存到项目文件旁的文件夹中，以便导出该运行（文件 ▸ 导出训练好的提示）。只训练提示的方法默认开启；训练模型权重的方法会为每个种子保存一份完整模型。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Add to Queue</source>
        <translation>加入队列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue this configuration (Ctrl+Shift+Return)</source>
        <translation>将此配置加入队列（Ctrl+Shift+Return）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Train the queue, or this configuration when the queue is empty (Ctrl+Return)</source>
        <translation>训练队列中的配置；队列为空时训练当前配置（Ctrl+Return）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the current run and the queue (Esc)</source>
        <translation>停止当前运行和队列（Esc）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Test accuracy, mean (std)</source>
        <translation>测试集准确率，均值（标准差）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Training loss (left) and dev accuracy (right), per seed</source>
        <translation>各种子的训练损失（左轴）和验证集准确率（右轴）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../train_view_form.cpp" line="+326"/>
        <source>dev accuracy (%)</source>
        <translation>验证集准确率（%）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Exponential moving average of the loss, as TensorBoard smooths it (debiased, so the first steps are not pulled towards zero). The raw loss is drawn faintly behind.</source>
        <translation>损失的指数移动平均，与 TensorBoard 的平滑方式相同（经过去偏，开头几步不会被拉向零）。原始损失以浅色绘制在后面。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Log of the runs</source>
        <translation>运行日志</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>seed %1: test micro-F1 %2 %, macro-F1 %3 %, subset accuracy %4 % at threshold %5 (best dev micro-F1 %6 % at step %7)</source>
        <translation>种子 %1：测试集微平均 F1 %2 %，宏平均 F1 %3 %，子集准确率 %4 %，阈值 %5（最佳验证集微平均 F1 %6 %，第 %7 步）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>seed %1: test Pearson %2, Spearman %3, MSE %4 (best dev Pearson %5 at step %6)</source>
        <translation>种子 %1：测试集 Pearson %2，Spearman %3，MSE %4（最佳验证集 Pearson %5，第 %6 步）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>seed %1: test P@1 %2 % (best dev P@1 %3 % at step %4)</source>
        <translation>种子 %1：测试集 P@1 %2 %（最佳验证集 P@1 %3 %，第 %4 步）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>seed %1: test accuracy %2 % (best dev %3 % at step %4)</source>
        <translation>种子 %1：测试集准确率 %2%（最佳验证 %3%，第 %4 步）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>seed %1: %2 — %3</source>
        <translation>种子 %1：%2 — %3</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+49"/>
        <location line="+61"/>
        <location filename="../train_view_form.cpp" line="-131"/>
        <location filename="../train_view_pet.cpp" line="+76"/>
        <location line="+56"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../train_view_form.cpp" line="-138"/>
        <source>LibTorch %1 · %n CPU thread(s)</source>
        <translation>
            <numerusform>LibTorch %1 · %n 个 CPU 线程</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>BLAS: not OpenBLAS</source>
        <translation>BLAS：非 OpenBLAS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>OpenBLAS kernels: %1</source>
        <translation>OpenBLAS 内核：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> (%1 GiB)</source>
        <translation>（%1 GiB）</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>CUDA: %n device(s): %1</source>
        <translation>
            <numerusform>CUDA：%n 个设备：%1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No CUDA GPU or driver was found: training runs on the CPU.</source>
        <translation>未找到 CUDA GPU 或驱动：训练将在 CPU 上运行。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This LibTorch was built without CUDA: training runs on the CPU.</source>
        <translation>此 LibTorch 构建时未启用 CUDA：训练将在 CPU 上运行。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CUDA: not available</source>
        <translation>CUDA：不可用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>native on this CPU</source>
        <translation>本 CPU 原生支持</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>emulated on this CPU (slow)</source>
        <translation>本 CPU 上为模拟（较慢）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not on this CPU</source>
        <translation>本 CPU 不支持</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bf16: %1; CUDA autocast available</source>
        <translation>bf16：%1；支持 CUDA 自动混合精度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>bf16: %1; no CUDA autocast</source>
        <translation>bf16：%1；不支持 CUDA 自动混合精度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mixed precision for training and its evaluations; the run records the choice and its accuracy may differ slightly from fp32.
On a CUDA GPU: bf16 autocast.
On the CPU: the encoder&apos;s matrix products in bf16 with fp32 accumulation; the weights and everything else stay fp32. %1</source>
        <translation>训练及其评估使用混合精度；运行会记录此选择，其准确率可能与 fp32 略有不同。
在 CUDA GPU 上：bf16 自动混合精度（autocast）。
在 CPU 上：编码器的矩阵乘法以 bf16 计算、fp32 累加；权重及其余计算保持 fp32。%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This CPU has native bf16 instructions: training steps run about 1.7-1.9x faster.</source>
        <translation>此 CPU 具备原生 bf16 指令：训练步约快 1.7-1.9 倍。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This CPU has no AVX512-BF16 or AMX: bf16 is emulated and slower than fp32 here.</source>
        <translation>此 CPU 没有 AVX512-BF16 或 AMX：bf16 为软件模拟，在此比 fp32 更慢。</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>Preset applied.</source>
        <translation>已应用预设。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> Grid per seed: lr {%1}%2, best dev wins.</source>
        <translation> 每个种子的网格搜索：学习率 {%1}%2，取验证集最佳者。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> × batch {%1}</source>
        <translation> × 批大小 {%1}</translation>
    </message>
    <message numerus="yes">
        <location filename="../train_view.cpp" line="-70"/>
        <source>%1 · %2 × %3 · K=%4 · %n seed(s) · %5 steps</source>
        <translation>
            <numerusform>%1 · %2 × %3 · K=%4 · %n 个种子 · %5 步</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+12"/>
        <location line="+3"/>
        <location line="+19"/>
        <location filename="../train_view_pet.cpp" line="-70"/>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location line="-31"/>
        <location filename="../train_view_pet.cpp" line="+3"/>
        <source>Queued. Press Start to train the queue.</source>
        <translation>已加入队列。点击“开始”训练队列中的配置。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Cancelling after the current step…</source>
        <translation>将在当前步完成后取消…</translation>
    </message>
    <message>
        <location line="+37"/>
        <location filename="../train_view_pet.cpp" line="+9"/>
        <location line="+40"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+7"/>
        <location filename="../train_view_pet.cpp" line="-34"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../train_view_pet.cpp" line="+4"/>
        <source>Training %1…</source>
        <translation>正在训练 %1…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>== %1</source>
        <translation>== %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>P@1 %1 (%2), n=%3</source>
        <translation>P@1 %1（%2），n=%3</translation>
    </message>
    <message>
        <location filename="../train_view_form.cpp" line="+109"/>
        <source>dev Pearson (×100)</source>
        <translation>验证集 Pearson（×100）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dev micro-F1 (%)</source>
        <translation>验证集微平均 F1（%）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dev P@1 (%)</source>
        <translation>验证集 P@1（%）</translation>
    </message>
    <message>
        <location filename="../train_view_plot.cpp" line="+48"/>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Seed %1 (%2 of %3)…</source>
        <translation>种子 %1（第 %2 / %3 个）…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>seed %1/%2 · step %3/%4 · loss %5 · ETA %6</source>
        <translation>种子 %1/%2 · 第 %3/%4 步 · 损失 %5 · 预计剩余 %6</translation>
    </message>
    <message>
        <location filename="../train_view.cpp" line="-6"/>
        <source>Last run trained on %1.</source>
        <translation>上一次运行在 %1 上训练。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Pearson %1 (%2), n=%3</source>
        <translation>Pearson %1（%2），n=%3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>micro-F1 %1 (%2), n=%3</source>
        <translation>微平均 F1 %1（%2），n=%3</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>✔ Finished in %1 s: test %2 (population std). Recorded in the project.</source>
        <translation>✔ 用时 %1 秒完成：测试集 %2（总体标准差）。已记录到项目中。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✔ Finished in %1 s: test accuracy %2 (population std). Recorded in the project.</source>
        <translation>✔ 用时 %1 秒完成：测试集准确率 %2（总体标准差）。已记录到项目中。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../train_view_pet.cpp" line="-45"/>
        <source>best member %1</source>
        <translation>最佳成员 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ensemble %1</source>
        <translation>集成 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PET-weighted %1</source>
        <translation>PET 加权 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>distilled %1</source>
        <translation>蒸馏 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, n=%1</source>
        <translation>，n=%1</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>PET · %1 pair(s) · %2 generation(s) · K=%3 · %n seed(s) · %4 steps</source>
        <translation>
            <numerusform>PET · %1 对 · %2 代 · K=%3 · %n 个种子 · %4 步</numerusform>
        </translation>
    </message>
    <message>
        <location line="+29"/>
        <source>== %1 (work folder %2)</source>
        <translation>== %1（工作文件夹 %2）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>PET, seed %1, generation %2: member %3 of %4</source>
        <translation>PET，种子 %1，第 %2 代：成员 %3 / %4</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PET, seed %1: distilling the ensemble into the classifier</source>
        <translation>PET，种子 %1：将集成蒸馏到分类器中</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>step %1 / %2 of this stage, %3 s left in it</source>
        <translation>本阶段第 %1 / %2 步，本阶段剩余 %3 秒</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>✔ PET finished in %1 s: %2. The members and the classifier are in the Runs view.</source>
        <translation>✔ PET 用时 %1 秒完成：%2。成员模型和分类器可在“运行记录”视图中查看。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: %2 (finished members are kept: start the job again to continue)</source>
        <translation>%1：%2（已完成的成员会保留：再次启动任务即可继续）</translation>
    </message>
</context>
<context>
    <name>pwb::ui::VerbalizerView</name>
    <message>
        <location filename="../verbalizer_view.cpp" line="+61"/>
        <source>Verbalizers</source>
        <translation>标签映射</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Label words</source>
        <translation>标签词</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Template (where the mask is):</source>
        <translation>模板（掩码所在处）：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Label words (comma separated)</source>
        <translation>标签词（以逗号分隔）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>As the model sees them</source>
        <translation>模型眼中的标签词</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Most likely tokens at the mask</source>
        <translation>掩码处最可能的词元</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Top</source>
        <translation>前</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Token</source>
        <translation>词元</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Double-click a token to add it to the label selected above.</source>
        <translation>双击词元，把它添加到上方选中的标签。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Suggested label words (automatic search)</source>
        <translation>推荐的标签词（自动搜索）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>K per class</source>
        <translation>每类 K 个</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Searched on a K-shot sample of the current data set (seed 13): K per class to find candidates, another K per class to rank the mappings.</source>
        <translation>在当前数据集的 K-shot 采样上搜索（种子 13）：每类 K 个样本用于寻找候选词，另外每类 K 个用于给映射方案排序。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Suggest</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Mapping</source>
        <translation>映射</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dev accuracy</source>
        <translation>验证集准确率</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Verbalizer</source>
        <translation>标签映射</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Delete Verbalizer</source>
        <translation>删除标签映射</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete verbalizer &apos;%1&apos;? Evaluations keep their copy of it.</source>
        <translation>要删除标签映射“%1”吗？评估记录会保留各自的副本。</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>This label is not in the current data set.</source>
        <translation>当前数据集中没有这个标签。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(loading the tokenizer…)</source>
        <translation>（正在加载分词器…）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>(no tokenizer)</source>
        <translation>（没有分词器）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>single token</source>
        <translation>单个词元</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n tokens</source>
        <translation>
            <numerusform>%n 个词元</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;%1&apos; is split into %2: scored with the sub-token mean at one mask.</source>
        <translation>“%1”被切分为 %2：在单个掩码处按子词元的平均值打分。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>unknown to the model</source>
        <translation>模型不认识</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;%1&apos; contains the unknown token: the model cannot predict it.</source>
        <translation>“%1”包含未知词元：模型无法预测它。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>no words yet</source>
        <translation>尚无标签词</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Needs a model, a template and an example.</source>
        <translation>需要一个模型、一个模板和一个样本。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Running the model…</source>
        <translation>正在运行模型…</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+55"/>
        <location line="+28"/>
        <location line="+36"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message>
        <location line="-113"/>
        <source>The template has no [MASK].</source>
        <translation>该模板没有 [MASK]。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>first of %1 masks</source>
        <translation>%1 个掩码中的第一个</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Needs a template and a labelled data set.</source>
        <translation>需要一个模板和一个带标签的数据集。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Searching on %1 + %2 examples…</source>
        <translation>正在 %1 + %2 个样本上搜索…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Candidates — %1. %2 mappings tried.</source>
        <translation>候选词 — %1。已尝试 %2 种映射。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>auto: %1</source>
        <translation>自动：%1</translation>
    </message>
</context>
</TS>
