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
        <location filename="../plot_style.cpp" line="+75"/>
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
        <location filename="../template_view.cpp" line="+68"/>
        <source>trainable vector from the P-tuning prompt encoder</source>
        <translation>来自 P-tuning 提示编码器的可训练向量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>trainable soft-prompt vector</source>
        <translation>可训练的软提示向量</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>from field {%1}</source>
        <translation>来自字段 {%1}</translation>
    </message>
    <message>
        <location filename="../workbench.cpp" line="+30"/>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Model, data sets and examples</source>
        <translation>模型、数据集与样本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write templates and see what the model reads</source>
        <translation>编写模板，查看模型实际读到的内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verbalizers</source>
        <translation>标签映射</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Map labels to words; mask predictions and suggestions</source>
        <translation>把标签映射为标签词；掩码处的预测与推荐</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Templates × verbalizers, side by side</source>
        <translation>模板 × 标签映射，并排对比</translation>
    </message>
    <message>
        <location line="+2"/>
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
        <location line="+14"/>
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
        <location line="+1"/>
        <source>Start on this view (1 = Project … 6 = Runs).</source>
        <translation>启动时显示此视图（1 = 项目 … 6 = 运行记录）。</translation>
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
        <location filename="../export_dialog.cpp" line="+501"/>
        <source>%n run(s) in the table.</source>
        <translation>
            <numerusform>表格中有 %n 次运行。</numerusform>
        </translation>
    </message>
    <message>
        <source>label word of demonstration %1 (example %2)</source>
        <translation>演示样例 %1 的标签词（样本 %2）</translation>
    </message>
    <message>
        <source>demonstration %1 (example %2), field {%3}</source>
        <translation>演示样例 %1（样本 %2），字段 {%3}</translation>
    </message>
    <message>
        <source>demonstration %1 (example %2), template text</source>
        <translation>演示样例 %1（样本 %2），模板文本</translation>
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
        <source>demonstration</source>
        <translation>演示样例</translation>
    </message>
    <message>
        <source>demonstration label</source>
        <translation>演示样例的标签词</translation>
    </message>
</context>
<context>
    <name>TrainView</name>
    <message>
        <location filename="../train_view.cpp" line="+50"/>
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
</context>
<context>
    <name>pwb::ui::CompareView</name>
    <message>
        <location filename="../compare_view.cpp" line="+123"/>
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
        <location line="+155"/>
        <source>Weights and activations in bfloat16: faster on GPUs and on CPUs with AMX, accuracies may differ slightly from fp32.</source>
        <translation>权重与激活使用 bfloat16：在 GPU 和支持 AMX 的 CPU 上更快，准确率可能与 fp32 略有不同。</translation>
    </message>
    <message>
        <location line="-150"/>
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
        <location line="+18"/>
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
        <location line="+54"/>
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
        <location line="+54"/>
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
        <location line="+22"/>
        <location line="+93"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message>
        <location line="-78"/>
        <source>Evaluating %1 × %2 cells…</source>
        <translation>正在评估 %1 × %2 个单元格…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No model chosen.</source>
        <translation>尚未选择模型。</translation>
    </message>
    <message>
        <location line="+77"/>
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
        <location line="+63"/>
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
        <location line="+55"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="-55"/>
        <location line="+55"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location line="-55"/>
        <location line="+55"/>
        <source>Gold</source>
        <translation>真实标签</translation>
    </message>
    <message>
        <location line="-55"/>
        <source>Predicted</source>
        <translation>预测标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>p(%1)</source>
        <translation>p(%1)</translation>
    </message>
    <message>
        <location line="+45"/>
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
        <location filename="../export_dialog.cpp" line="-404"/>
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
        <location line="+24"/>
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
        <location filename="../import_dialog.cpp" line="+29"/>
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
        <source>Detect automatically</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+5"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Text columns by header name or 1-based number, comma separated (e.g. &quot;premise,hypothesis&quot; or &quot;2&quot;).</source>
        <translation>文本列：填写表头名称或从 1 开始的列号，以逗号分隔（如 &quot;premise,hypothesis&quot; 或 &quot;2&quot;）。</translation>
    </message>
    <message>
        <location line="+4"/>
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
        <source>Label column:</source>
        <translation>标签列：</translation>
    </message>
    <message>
        <location line="+2"/>
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
        <location line="+39"/>
        <source>Data File</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Reading %1 …</source>
        <translation>正在读取 %1 …</translation>
    </message>
    <message>
        <location line="+20"/>
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
        <location line="+2"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+20"/>
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
        <location filename="../main_window.cpp" line="+38"/>
        <location line="+199"/>
        <source>Prompt Workbench</source>
        <translation>提示学习工作台</translation>
    </message>
    <message>
        <location line="-137"/>
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
        <location line="+19"/>
        <source>No Project</source>
        <translation>没有项目</translation>
    </message>
    <message>
        <location line="-31"/>
        <location line="+12"/>
        <location line="+19"/>
        <source>Open or create a project first (File menu).</source>
        <translation>请先打开或新建一个项目（“文件”菜单）。</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Cannot Import</source>
        <translation>无法导入</translation>
    </message>
    <message>
        <location line="+17"/>
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
        <location line="+4"/>
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
    <name>pwb::ui::RunsView</name>
    <message>
        <location filename="../runs_view.cpp" line="+67"/>
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
        <location line="+3"/>
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
        <source>Test macro-F1</source>
        <translation>测试集宏平均 F1</translation>
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
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Summarise</source>
        <translation>汇总</translation>
    </message>
    <message>
        <location line="+16"/>
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
        <location line="+181"/>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <location line="-181"/>
        <location line="+181"/>
        <source>Runs</source>
        <translation>运行次数</translation>
    </message>
    <message>
        <location line="-181"/>
        <location line="+181"/>
        <source>Mean (std)</source>
        <translation>均值（标准差）</translation>
    </message>
    <message>
        <location line="-181"/>
        <location line="+182"/>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <location line="-181"/>
        <location line="+181"/>
        <source>Min</source>
        <translation>最小值</translation>
    </message>
    <message>
        <location line="-181"/>
        <location line="+181"/>
        <source>Max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <location line="-181"/>
        <location line="+182"/>
        <source>Per seed</source>
        <translation>各种子结果</translation>
    </message>
    <message>
        <location line="-160"/>
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
        <location line="+30"/>
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
        <location line="+25"/>
        <source>Reading runs…</source>
        <translation>正在读取运行记录…</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+179"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message numerus="yes">
        <location line="-167"/>
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
        <location line="+13"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Mean (sample std)</source>
        <translation>均值（样本标准差）</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>± sample std</source>
        <translation>± 样本标准差</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>± population std</source>
        <translation>± 总体标准差</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>seeds</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="+95"/>
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
    <name>pwb::ui::TemplateView</name>
    <message>
        <location filename="../template_view.cpp" line="+23"/>
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
        <location line="+149"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="-146"/>
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
        <location line="+18"/>
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
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tokens per rendered example, special tokens and soft slots included. Fields marked |shorten (or the longest field) are cut to fit; the template never is.</source>
        <translation>每个渲染后样本的词元数，包括特殊词元和软提示位置。超长时截断标记了 |shorten 的字段（或最长的字段），模板本身永不截断。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>What the model sees</source>
        <translation>模型看到的内容</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>&lt;span style=&apos;opacity:0.7&apos;&gt;under each token: position · segment id&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;opacity:0.7&apos;&gt;每个词元下方：位置 · 片段编号&lt;/span&gt;</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Delete Template</source>
        <translation>删除模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete template &apos;%1&apos;? Runs and evaluations keep their copy of its text.</source>
        <translation>要删除模板“%1”吗？运行和评估记录会保留各自的模板文本副本。</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>Add a template with New.</source>
        <translation>点击“新建”添加模板。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>✘ %1:%2: %3</source>
        <translation>✘ %1:%2：%3</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+62"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message>
        <location line="-58"/>
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
        <location line="+9"/>
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
        <location line="+2"/>
        <source>&lt;span style=&apos;opacity:0.7&apos;&gt;Text given to the tokenizer:&lt;/span&gt; %1</source>
        <translation>&lt;span style=&apos;opacity:0.7&apos;&gt;交给分词器的文本：&lt;/span&gt; %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{%1} loses %2 of %3 tokens</source>
        <translation>{%1} 的 %3 个词元中截去 %2 个</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&lt;b&gt;Cut by truncation&lt;/b&gt; (%1):</source>
        <translation>&lt;b&gt;被截断删除的内容&lt;/b&gt;（%1）：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>✔ Valid template — this example is truncated to fit %1 tokens.</source>
        <translation>✔ 模板有效 — 此样本被截断以适应 %1 个词元。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✔ Valid template.</source>
        <translation>✔ 模板有效。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>⚠ %1</source>
        <translation>⚠ %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>LM-BFF --first_sent_limit: keep the first N tokens of the query&apos;s first sentence</source>
        <translation>LM-BFF --first_sent_limit：只保留查询第一个句子的前 N 个词元</translation>
    </message>
    <message>
        <source>LM-BFF --other_sent_limit: keep the first N tokens of every other sentence (each demonstration&apos;s, and the query&apos;s second one)</source>
        <translation>LM-BFF --other_sent_limit：其余每个句子（各演示样例的句子以及查询的第二个句子）只保留前 N 个词元</translation>
    </message>
    <message>
        <source>Sentence limits: query</source>
        <translation>句子长度上限：查询</translation>
    </message>
    <message>
        <source>others</source>
        <translation>其余</translation>
    </message>
    <message>
        <source>✘ The template has demonstrations: import a labelled data set to draw them from.</source>
        <translation>✘ 该模板含有演示样例：请导入带标签的数据集以从中抽取。</translation>
    </message>
    <message>
        <source>✘ Demonstrations: %1</source>
        <translation>✘ 演示样例：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n demonstration(s) (one per class, first in the data set): %1</source>
        <translation>
            <numerusform>%n 个演示样例（每个类别一个，取数据集中的第一个）：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>label words: the labels themselves (no verbalizer has a word for every class)</source>
        <translation>标签词：标签本身（没有标签映射为每个类别都给出词）</translation>
    </message>
    <message>
        <source>label words from verbalizer &apos;%1&apos;</source>
        <translation>标签词来自标签映射“%1”</translation>
    </message>
    <message numerus="yes">
        <source> (%n by the sentence limit)</source>
        <translation>
            <numerusform> （其中 %n 个因句子长度上限）</numerusform>
        </translation>
    </message>
    <message>
        <source>demonstration %1 {%2} loses %3 of %4 tokens</source>
        <translation>演示样例 %1 的 {%2} 的 %4 个词元中截去 %3 个</translation>
    </message>
    <message>
        <source>✔ Valid template — the sentence limits shorten this example.</source>
        <translation>✔ 模板有效 — 句子长度上限缩短了此样本。</translation>
    </message>
    <message>
        <source>Convert to workbench syntax</source>
        <translation>转换为本工具的语法</translation>
    </message>
    <message>
        <source>This looks like an LM-BFF template: convert it to the workbench syntax</source>
        <translation>这看起来是 LM-BFF 模板：可将其转换为本工具的语法</translation>
    </message>
    <message>
        <source>This looks like an OpenPrompt template: convert it to the workbench syntax</source>
        <translation>这看起来是 OpenPrompt 模板：可将其转换为本工具的语法</translation>
    </message>
    <message>
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
        <location filename="../train_view.cpp" line="+37"/>
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
        <location line="+4"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Verbalizer</source>
        <translation>标签映射</translation>
    </message>
    <message>
        <location line="+2"/>
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
        <location line="+5"/>
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
        <location line="+9"/>
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
        <location line="+32"/>
        <source>seed %1: test accuracy %2 % (best dev %3 % at step %4)</source>
        <translation>种子 %1：测试集准确率 %2%（最佳验证 %3%，第 %4 步）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>seed %1: %2 — %3</source>
        <translation>种子 %1：%2 — %3</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+154"/>
        <location line="+102"/>
        <location line="+55"/>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
    <message numerus="yes">
        <location line="-299"/>
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
        <location line="+130"/>
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
        <location line="+74"/>
        <source>%1 · %2 × %3 · K=%4 · %n seed(s) · %5 steps</source>
        <translation>
            <numerusform>%1 · %2 × %3 · K=%4 · %n 个种子 · %5 步</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+12"/>
        <location line="+3"/>
        <location line="+18"/>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Queued. Press Start to train the queue.</source>
        <translation>已加入队列。点击“开始”训练队列中的配置。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Cancelling after the current step…</source>
        <translation>将在当前步完成后取消…</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Training %1…</source>
        <translation>正在训练 %1…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>== %1</source>
        <translation>== %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Seed %1 (%2 of %3)…</source>
        <translation>种子 %1（第 %2 / %3 个）…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>seed %1/%2 · step %3/%4 · loss %5 · ETA %6</source>
        <translation>种子 %1/%2 · 第 %3/%4 步 · 损失 %5 · 预计剩余 %6</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Last run trained on %1.</source>
        <translation>上一次运行在 %1 上训练。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>✔ Finished in %1 s: test accuracy %2 (population std). Recorded in the project.</source>
        <translation>✔ 用时 %1 秒完成：测试集准确率 %2（总体标准差）。已记录到项目中。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>pwb::ui::VerbalizerView</name>
    <message>
        <location filename="../verbalizer_view.cpp" line="+60"/>
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
        <location line="+5"/>
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
        <location line="+47"/>
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
