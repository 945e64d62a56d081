// SPDX-License-Identifier: GPL-3.0-or-later
// concord-cli agreement --ratings, run as a user runs it: a real process on real files.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

Run cli(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(CONCORD_BIN_DIR "/concord-cli"), QStringList{QStringLiteral("agreement")} + args);
    Run r;
    if (!p.waitForStarted() || !p.waitForFinished(60000)) {
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestCliAgreement : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) {
            return {};
        }
        f.write(content);
        return path;
    }

private Q_SLOTS:
    void jsonShapeAndValues()
    {
        // Wikipedia's Cohen's kappa example as a long-format sheet: 50 proposals, both
        // "yes" 20, A yes / B no 5, A no / B yes 10, both "no" 15 → kappa 0.4 (po 0.7, pe 0.5).
        QByteArray csv = "item,rater,value\n";
        int item = 0;
        auto add = [&](const char *a, const char *b, int times) {
            for (int i = 0; i < times; ++i, ++item) {
                csv += QByteArray::number(item) + ",A," + a + "\n" + QByteArray::number(item) + ",B," + b + "\n";
            }
        };
        add("yes", "yes", 20);
        add("yes", "no", 5);
        add("no", "yes", 10);
        add("no", "no", 15);
        const Run r = cli({QStringLiteral("--ratings"), write(QStringLiteral("proposals.csv"), csv), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("dimension")).toString(), QStringLiteral("value"));
        QCOMPARE(o.value(QStringLiteral("raters")).toArray(), (QJsonArray{QStringLiteral("A"), QStringLiteral("B")}));
        QCOMPARE(o.value(QStringLiteral("n_units")).toInt(), 50);
        QCOMPARE(o.value(QStringLiteral("n_not_comparable")).toInt(), 0);
        const QJsonObject s = o.value(QStringLiteral("statistics")).toObject();
        for (const char *key : {"percent_agreement", "cohen_kappa", "scott_pi", "fleiss_kappa", "krippendorff_alpha",
                                "gwet_ac1", "brennan_prediger"}) {
            const QJsonObject c = s.value(QLatin1String(key)).toObject();
            QVERIFY2(!c.isEmpty(), key);
            for (const char *field : {"value", "se", "ci95", "observed", "expected", "undefined_reason"}) {
                QVERIFY2(c.contains(QLatin1String(field)), qPrintable(QStringLiteral("%1.%2").arg(QLatin1String(key), QLatin1String(field))));
            }
            QVERIFY(c.value(QStringLiteral("value")).isDouble());
            QVERIFY(c.value(QStringLiteral("undefined_reason")).isNull());
        }
        const QJsonObject kappa = s.value(QStringLiteral("cohen_kappa")).toObject();
        QVERIFY(std::abs(kappa.value(QStringLiteral("value")).toDouble() - 0.4) < 1e-12);
        QVERIFY(std::abs(kappa.value(QStringLiteral("observed")).toDouble() - 0.7) < 1e-12);
        QVERIFY(std::abs(kappa.value(QStringLiteral("expected")).toDouble() - 0.5) < 1e-12);
        QCOMPARE(kappa.value(QStringLiteral("ci95")).toArray().size(), 2);
        QVERIFY(s.value(QStringLiteral("krippendorff_alpha")).toObject().value(QStringLiteral("ci95")).isArray());
        // The confusion matrix (rows A, columns B; categories in order of appearance).
        const QJsonObject conf = o.value(QStringLiteral("confusion")).toObject();
        QCOMPARE(conf.value(QStringLiteral("categories")).toArray(), (QJsonArray{QStringLiteral("yes"), QStringLiteral("no")}));
        QCOMPARE(conf.value(QStringLiteral("matrix")).toArray(), (QJsonArray{QJsonArray{20, 5}, QJsonArray{10, 15}}));

        // The same seed gives the same bootstrap interval.
        const Run again = cli({QStringLiteral("--ratings"), m_dir.filePath(QStringLiteral("proposals.csv")), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(again.out).object().value(QStringLiteral("statistics")).toObject()
                     .value(QStringLiteral("krippendorff_alpha")).toObject().value(QStringLiteral("ci95")),
                 s.value(QStringLiteral("krippendorff_alpha")).toObject().value(QStringLiteral("ci95")));

        // Without --json: a table a person can read.
        const Run table = cli({QStringLiteral("--ratings"), m_dir.filePath(QStringLiteral("proposals.csv"))});
        QCOMPARE(table.exitCode, 0);
        QVERIFY(table.out.contains("Cohen's kappa                 0.4000"));
        QVERIFY(table.out.contains("Confusion matrix (rows A, columns B)"));
    }

    void undefinedIsNullWithReason()
    {
        const Run r = cli({QStringLiteral("--ratings"),
                           write(QStringLiteral("same.csv"), "item,rater,value\n1,A,none\n1,B,none\n2,A,none\n2,B,none\n"),
                           QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject s = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("statistics")).toObject();
        const QJsonObject kappa = s.value(QStringLiteral("cohen_kappa")).toObject();
        QVERIFY(kappa.value(QStringLiteral("value")).isNull());
        QVERIFY(kappa.value(QStringLiteral("undefined_reason")).toString().contains(QStringLiteral("0/0")));
        QVERIFY(s.value(QStringLiteral("krippendorff_alpha")).toObject().value(QStringLiteral("value")).isNull());
        QCOMPARE(s.value(QStringLiteral("percent_agreement")).toObject().value(QStringLiteral("value")).toDouble(), 1.0);
        const Run text = cli({QStringLiteral("--ratings"), m_dir.filePath(QStringLiteral("same.csv"))});
        QVERIFY(text.out.contains("undefined: every rating is in the same category"));
    }

    void missingAndNotComparable()
    {
        // Item 3: rater B has two rows, so which one counts is not guessed. Item 4: an empty
        // value is a missing rating, not a category.
        const Run r = cli({QStringLiteral("--ratings"),
                           write(QStringLiteral("dup.csv"),
                                 "item,rater,value\n1,A,x\n1,B,x\n2,A,y\n2,B,y\n3,A,x\n3,B,x\n3,B,y\n4,A,x\n4,B,\n"),
                           QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("n_not_comparable")).toInt(), 1);
        QCOMPARE(o.value(QStringLiteral("n_units")).toInt(), 3);
        QCOMPARE(o.value(QStringLiteral("n_pairable_units")).toInt(), 2);
        QCOMPARE(o.value(QStringLiteral("categories")).toArray().size(), 2);
        QVERIFY(r.err.contains(QStringLiteral("not comparable")));
        QVERIFY(r.err.contains(QStringLiteral("3")));
    }

    void textFromTheFileIsData()
    {
        const Run r = cli({QStringLiteral("--ratings"),
                           write(QStringLiteral("hostile.csv"),
                                 "item,rater,value\n1,A,\"=HYPERLINK(\"\"x\"\")\"\n1,B,\"\x1b[31mred\"\n2,A,<b>b</b>\n2,B,<b>b</b>\n")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!r.out.contains('\x1b')); // no terminal escape reaches the screen
        QVERIFY(r.out.contains("=HYPERLINK(\"x\")"));
        const Run j = cli({QStringLiteral("--ratings"), m_dir.filePath(QStringLiteral("hostile.csv")), QStringLiteral("--json")});
        const QJsonArray cats = QJsonDocument::fromJson(j.out).object().value(QStringLiteral("categories")).toArray();
        QVERIFY(cats.contains(QStringLiteral("\x1b[31mred")));
        QVERIFY(cats.contains(QStringLiteral("<b>b</b>")));
    }

    void badFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("no value column") << QByteArray("item,rater,label\n1,A,x\n") << QStringLiteral("line 1: the header lacks the column(s) value");
        QTest::newRow("short row") << QByteArray("item,rater,value\n1,A,x\n2,B\n") << QStringLiteral("line 3:");
        QTest::newRow("open quote") << QByteArray("item,rater,value\n1,A,x\n2,B,\"never closed\n3,A,x\n") << QStringLiteral("line 3:");
        QTest::newRow("not UTF-8") << QByteArray("item,rater,value\n1,A,x\n2,B,caf\xe9\n") << QStringLiteral("line 3:");
        QTest::newRow("binary") << QByteArray("item,rater,value\n1,A,\0\x01\x02", 25) << QStringLiteral("NUL");
        QTest::newRow("empty rater") << QByteArray("item,rater,value\n1,,x\n") << QStringLiteral("line 2: the rater is empty");
        QTest::newRow("header only") << QByteArray("item,rater,value\n") << QStringLiteral("no ratings");
        // Every row a new rater: the dense items × raters table would not fit; refused.
        QByteArray manyRaters("item,rater,value\n");
        for (int i = 0; i < 1001; ++i) {
            manyRaters += "1,rater " + QByteArray::number(i) + ",x\n";
        }
        QTest::newRow("too many raters") << manyRaters << QStringLiteral("1001 raters");
    }

    void badFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString path = write(QStringLiteral("bad.csv"), content);
        const Run r = cli({QStringLiteral("--ratings"), path, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(path), qPrintable(r.err));
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("nothing was read")), qPrintable(r.err));
    }

    void usage()
    {
        QCOMPARE(cli({}).exitCode, 1);
        QCOMPARE(cli({QStringLiteral("--ratings"), QStringLiteral("x.csv"), QStringLiteral("--bootstrap"), QStringLiteral("many")}).exitCode, 1);
        const Run missing = cli({QStringLiteral("--ratings"), m_dir.filePath(QStringLiteral("does-not-exist.csv"))});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains(QStringLiteral("does-not-exist.csv")));
        const Run help = cli({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--ratings"));
    }

    void orderedAndMultipleChoice()
    {
        const Run r = cli({QStringLiteral("--ratings"),
                           write(QStringLiteral("scores.csv"), "item,rater,value\n1,A,1\n1,B,2\n2,A,3\n2,B,3\n3,A,2\n3,B,2\n4,A,10\n4,B,3\n"),
                           QStringLiteral("--ordered"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        // numbers sort numerically: 10 after 3
        QCOMPARE(o.value(QStringLiteral("categories")).toArray(),
                 (QJsonArray{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("10")}));
        const QJsonObject s = o.value(QStringLiteral("statistics")).toObject();
        QVERIFY(s.contains(QStringLiteral("weighted_kappa_linear")));
        QVERIFY(s.value(QStringLiteral("krippendorff_alpha_interval")).toObject().value(QStringLiteral("disagreement")).toBool());

        const Run m = cli({QStringLiteral("--ratings"),
                           write(QStringLiteral("multi.csv"), "item,rater,value\n1,A,a;b\n1,B,a\n2,A,c\n2,B,c\n3,A,a;c\n3,B,b;c\n"),
                           QStringLiteral("--multiple-choice"), QStringLiteral(";"), QStringLiteral("--json")});
        QCOMPARE(m.exitCode, 0);
        const QJsonObject mo = QJsonDocument::fromJson(m.out).object();
        QCOMPARE(mo.value(QStringLiteral("per_value")).toArray().size(), 3);
        QVERIFY(mo.value(QStringLiteral("statistics")).toObject().contains(QStringLiteral("krippendorff_alpha_masi")));
    }
};

QTEST_GUILESS_MAIN(TestCliAgreement)
#include "tst_cliagreement.moc"
