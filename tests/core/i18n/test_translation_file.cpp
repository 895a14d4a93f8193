// The Simplified Chinese translation (ui/translations/prompt-workbench_zh_CN.ts) is complete and safe to
// use: every message has a finished, non-empty translation that keeps the source's placeholders (%1, %n),
// its keyboard accelerator (&F), its HTML tags and its leading/trailing spaces (strings are concatenated),
// and standard terms are translated the same way everywhere.
#include <QFile>
#include <QRegularExpression>
#include <QXmlStreamReader>
#include <QtTest>

namespace {

struct Message {
  QString context, source, translation;
  bool finished = true;
  bool numerus = false;
  qint64 line = 0;
};

std::vector<Message> readTs(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(path));
  QXmlStreamReader xml(&f);
  std::vector<Message> out;
  QString context;
  Message m;
  while (!xml.atEnd()) {
    xml.readNext();
    if (!xml.isStartElement()) continue;
    const auto name = xml.name();
    if (name == QLatin1String("name")) {
      context = xml.readElementText();
    } else if (name == QLatin1String("message")) {
      m = Message{};
      m.context = context;
      m.line = xml.lineNumber();
      m.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
    } else if (name == QLatin1String("source")) {
      m.source = xml.readElementText();
    } else if (name == QLatin1String("translation")) {
      const auto type = xml.attributes().value(QLatin1String("type"));
      m.finished = type.isEmpty();
      if (m.numerus) {
        // Chinese has one plural form: exactly one <numerusform>.
        int forms = 0;
        while (xml.readNextStartElement()) {
          if (xml.name() == QLatin1String("numerusform")) {
            m.translation = xml.readElementText();
            ++forms;
          } else {
            xml.skipCurrentElement();
          }
        }
        if (forms != 1) m.finished = false;
      } else {
        m.translation = xml.readElementText();
      }
      out.push_back(m);
    }
  }
  if (xml.hasError()) qFatal("%s: %s", qPrintable(path), qPrintable(xml.errorString()));
  return out;
}

QStringList sorted(QStringList l) {
  l.sort();
  return l;
}

QStringList matches(const QString& text, const QRegularExpression& re) {
  QStringList out;
  for (auto it = re.globalMatch(text); it.hasNext();) out << it.next().captured(0);
  return sorted(out);
}

}  // namespace

class TestTranslationFile : public QObject {
  Q_OBJECT

  std::vector<Message> messages_;

 private slots:
  void initTestCase() {
    messages_ = readTs(QStringLiteral(PWB_SOURCE_DIR "/ui/translations/prompt-workbench_zh_CN.ts"));
    // The GUI has several hundred strings; a nearly empty file means lupdate or the path went wrong.
    QVERIFY2(messages_.size() > 300, qPrintable(QString::number(messages_.size())));
  }

  void everyMessageIsTranslated() {
    for (const auto& m : messages_) {
      const QString where = QStringLiteral("line %1 [%2] '%3'").arg(m.line).arg(m.context, m.source);
      QVERIFY2(m.finished, qPrintable(where + QStringLiteral(": unfinished")));
      QVERIFY2(!m.translation.isEmpty(), qPrintable(where + QStringLiteral(": empty")));
    }
  }

  void placeholdersAcceleratorsAndMarkupKept() {
    static const QRegularExpression placeholder(QStringLiteral("%(\\d+|n)"));
    static const QRegularExpression tag(QStringLiteral("<[^>]+>"));
    static const QRegularExpression accel(QStringLiteral("&[A-Za-z]"));
    for (const auto& m : messages_) {
      const QString where = QStringLiteral("line %1 '%2' -> '%3'").arg(m.line).arg(m.source, m.translation);
      QVERIFY2(matches(m.source, placeholder) == matches(m.translation, placeholder), qPrintable(where));
      QVERIFY2(matches(m.source, tag) == matches(m.translation, tag), qPrintable(where));
      if (!m.source.contains(QLatin1Char('<')))
        QVERIFY2(matches(m.source, accel) == matches(m.translation, accel), qPrintable(where));
      // Pieces such as " Saved to the project." are appended to other text; Chinese full-width
      // parentheses carry their own spacing (" (sharded)" -> "（分片）").
      const bool fullWidth = m.translation.startsWith(QChar(0xFF08));
      const bool leading = m.translation.startsWith(QLatin1Char(' '));
      QVERIFY2(m.source.startsWith(QLatin1Char(' ')) ? (leading || fullWidth) : !leading, qPrintable(where));
      QVERIFY2(m.source.endsWith(QLatin1Char(' ')) == m.translation.endsWith(QLatin1Char(' ')),
               qPrintable(where));
    }
  }

  // The ML vocabulary follows one glossary (the terms Chinese prompt-learning papers and courses use).
  void glossaryIsConsistent() {
    const QList<QPair<QString, QString>> glossary = {
        {QStringLiteral("Template"), QStringLiteral("模板")},
        {QStringLiteral("Verbalizer"), QStringLiteral("标签映射")},
        {QStringLiteral("Label words"), QStringLiteral("标签词")},
        {QStringLiteral("Seed"), QStringLiteral("种子")},
        {QStringLiteral("Learning rate"), QStringLiteral("学习率")},
        {QStringLiteral("Test accuracy"), QStringLiteral("测试集准确率")},
        {QStringLiteral("Confusion matrix"), QStringLiteral("混淆矩阵")},
        {QStringLiteral("± population std"), QStringLiteral("± 总体标准差")},
        {QStringLiteral("&File"), QStringLiteral("文件(&F)")},
    };
    for (const auto& [source, expected] : glossary) {
      bool seen = false;
      for (const auto& m : messages_) {
        if (m.source != source) continue;
        seen = true;
        QCOMPARE(m.translation, expected);
      }
      QVERIFY2(seen, qPrintable(source));
    }
    // Words that must never appear untranslated in a Chinese sentence.
    static const QRegularExpression english(QStringLiteral("\\b(template|verbalizer|accuracy|seed)s?\\b"),
                                            QRegularExpression::CaseInsensitiveOption);
    for (const auto& m : messages_) {
      QString text = m.translation;
      text.remove(QRegularExpression(QStringLiteral("<[^>]+>|\\{[^}]*\\}|\\([^)]*et al[^)]*\\)")));
      QVERIFY2(!english.match(text).hasMatch(),
               qPrintable(m.source + QStringLiteral(" -> ") + m.translation));
    }
  }
};

QTEST_GUILESS_MAIN(TestTranslationFile)
#include "test_translation_file.moc"
