// SPDX-License-Identifier: GPL-3.0-or-later
// Import throughput of the non-patch importers, each into a fresh project file:
// - the study's web-app dump (corpus) and a dump scaled up from it (x50: 10,150 commits,
//   22,750 categorizations, 10,650 bug fixes with new shas);
// - 20,000 generated GitHub issues with bodies and comments (REST shape);
// - the CSV reader alone on 100 MB of judgement rows;
// - 100,000 rater judgements from CSV onto 50,000 commit items.
// Not Google Benchmark (a peak RSS needs a process of its own):
//   bench_import --issues-1m DIR      writes DIR/issues-1m.json (1,000,000 REST issues)
//   bench_import --comments-1m DIR    writes DIR/comments-1m.json (1,000,000 REST comments,
//                                     two on each of the first 500,000 of those issues,
//                                     in date order as GitHub lists them, so interleaved)
//   bench_import --peak-rss MODE FILE [FILE...]
//                                     imports FILE into a new project next to it and
//                                     prints wall/CPU time and VmHWM; MODE is "files"
//                                     (importFiles on all the FILEs, what concord-cli runs)
//                                     or "stream" (importGitHubIssuesFile on one FILE:
//                                     JsonArrayReader, one record at a time).
#include "import/bugreportimport.h"
#include "import/csvreader.h"
#include "import/importcontext.h"
#include "import/importer.h"
#include "store/project.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimeZone>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <ctime>

using namespace Concord;
using namespace Qt::StringLiterals;

namespace {

const QString s_dump = QStringLiteral(CONCORD_CORPUS_DIR "/ponder-fixture-sample.json");

QTemporaryDir &workDir()
{
    static QTemporaryDir dir;
    return dir;
}

QString writeFile(const QString &name, const QByteArray &bytes)
{
    const QString path = workDir().filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(bytes);
    }
    return path;
}

/// The corpus dump repeated n times with shas changed per copy, so every copy is new.
QString scaledDump(int copies)
{
    QFile file(s_dump);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QJsonArray records = QJsonDocument::fromJson(file.readAll()).array();
    QJsonArray out;
    for (int c = 0; c < copies; ++c) {
        const QString prefix = QStringLiteral("%1").arg(c, 4, 16, QLatin1Char('0'));
        for (const QJsonValue &v : records) {
            QJsonObject r = v.toObject();
            const QString model = r[QLatin1String("model")].toString();
            const bool perCopy = model == QLatin1String("ponder.commit") || model == QLatin1String("ponder.commitdetail")
                || model == QLatin1String("ponder.categorization") || model == QLatin1String("ponder.bugfix");
            if (!perCopy && c > 0) {
                continue;
            }
            if (perCopy) {
                QJsonObject f = r[QLatin1String("fields")].toObject();
                f[QLatin1String("sha")] = QString(prefix + f[QLatin1String("sha")].toString().mid(4));
                if (model == QLatin1String("ponder.categorization") && !f[QLatin1String("bug_fix")].isNull()) {
                    f[QLatin1String("bug_fix")] = f[QLatin1String("bug_fix")].toInteger() + 100000ll * c;
                }
                r[QLatin1String("fields")] = f;
                r[QLatin1String("pk")] = r[QLatin1String("pk")].toInteger() + 100000ll * c;
            }
            out.append(r);
        }
    }
    return writeFile(QStringLiteral("dump-x%1.json").arg(copies), QJsonDocument(out).toJson(QJsonDocument::Compact));
}

QString generatedIssues(int count)
{
    QJsonArray issues;
    for (int i = 1; i <= count; ++i) {
        const QString url = QStringLiteral("https://api.github.com/repos/acme/r%1/issues/%2").arg(i % 100).arg(i);
        QJsonArray comments;
        for (int k = 0; k < 3; ++k) {
            comments.append(QJsonObject{{QStringLiteral("user"), QJsonObject{{QStringLiteral("login"), QStringLiteral("c%1").arg(k)}}},
                                        {QStringLiteral("created_at"), QStringLiteral("2021-01-0%1T00:00:00Z").arg(k + 1)},
                                        {QStringLiteral("body"), QString(300, QLatin1Char('c'))}});
        }
        issues.append(QJsonObject{
            {QStringLiteral("url"), url},
            {QStringLiteral("html_url"), QStringLiteral("https://github.com/acme/r%1/issues/%2").arg(i % 100).arg(i)},
            {QStringLiteral("number"), i},
            {QStringLiteral("title"), QStringLiteral("tf.function retracing warning %1").arg(i)},
            {QStringLiteral("user"), QJsonObject{{QStringLiteral("login"), QStringLiteral("reporter")}}},
            {QStringLiteral("labels"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("type:bug")}}}},
            {QStringLiteral("state"), QStringLiteral("open")},
            {QStringLiteral("created_at"), QStringLiteral("2020-12-28T10:00:00Z")},
            {QStringLiteral("body"), QString(1500, QLatin1Char('b'))},
            {QStringLiteral("comments"), comments},
        });
    }
    return writeFile(QStringLiteral("issues-%1.json").arg(count), QJsonDocument(issues).toJson(QJsonDocument::Compact));
}

void importOnce(benchmark::State &state, const QStringList &files, const QString &seedProject = QString())
{
    qint64 bytes = 0;
    for (const QString &f : files) {
        bytes += QFileInfo(f).size();
    }
    int run = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const QString path = workDir().filePath(QStringLiteral("bench-%1-%2.concord").arg(state.name().size()).arg(run++));
        QFile::remove(path);
        if (!seedProject.isEmpty()) {
            QFile::copy(seedProject, path);
        }
        QString error;
        auto project = seedProject.isEmpty() ? Project::create(path, &error) : Project::open(path, Project::ReadWrite, &error);
        state.ResumeTiming();
        ImportRequest request;
        request.files = files;
        ImportResult result;
        if (!project || !importFiles(*project, request, &result, &error)) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        state.PauseTiming();
        project.reset();
        QFile::remove(path);
        state.ResumeTiming();
    }
    state.SetBytesProcessed(state.iterations() * bytes);
    state.counters["MB"] = double(bytes) / 1e6;
}

void BM_PonderDumpCorpus(benchmark::State &state)
{
    importOnce(state, {s_dump});
}
BENCHMARK(BM_PonderDumpCorpus)->Unit(benchmark::kMillisecond);

void BM_PonderDumpX50(benchmark::State &state)
{
    static const QString path = scaledDump(50);
    importOnce(state, {path});
}
BENCHMARK(BM_PonderDumpX50)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_GitHubIssues20k(benchmark::State &state)
{
    static const QString path = generatedIssues(20000);
    importOnce(state, {path});
}
BENCHMARK(BM_GitHubIssues20k)->Unit(benchmark::kMillisecond)->Iterations(2);

QByteArray judgementRows(int rows, int items)
{
    QByteArray csv = "categorization_id,project,sha,rater,is_func_fix,func_fix_comment,problem_category,category_comment,"
                     "problem_cause,cause_comment,problem_symptom,symptom_comment,problem_fix,fix_comment,should_discuss\n";
    for (int i = 0; i < rows; ++i) {
        const QByteArray sha = QByteArray::number(i % items, 16).rightJustified(40, '0');
        csv += QByteArray::number(i + 1) + ",acme/big," + sha + ",R" + QByteArray::number(i % 4 + 1) + ",true,,"
            + "Performance,\"They use @tf.function, for speed\",Use of eager mode,,Lower performance,,Use tf.function.,,false\n";
    }
    return csv;
}

void BM_CsvReader(benchmark::State &state)
{
    QByteArray csv = judgementRows(600000, 50000); // ~100 MB
    for (auto _ : state) {
        QBuffer buffer(&csv);
        buffer.open(QIODevice::ReadOnly);
        CsvReader reader(&buffer);
        QStringList fields;
        qint64 n = 0;
        while (reader.readRecord(&fields)) {
            n += fields.size();
        }
        benchmark::DoNotOptimize(n);
    }
    state.SetBytesProcessed(state.iterations() * csv.size());
    state.counters["MB"] = double(csv.size()) / 1e6;
}
BENCHMARK(BM_CsvReader)->Unit(benchmark::kMillisecond);

void BM_Judgements100kOn50kItems(benchmark::State &state)
{
    // A project with the taxonomy and 50,000 commit items (from a commit list), made once.
    static const QString seed = [] {
        QByteArray commits = "project,sha,author,commit_date,dataset\n";
        for (int i = 0; i < 50000; ++i) {
            commits += "acme/big," + QByteArray::number(i, 16).rightJustified(40, '0') + ",Someone,2020-01-01,GH commits\n";
        }
        const QString path = workDir().filePath(QStringLiteral("seed.concord"));
        QString error;
        auto project = Project::create(path, &error);
        ImportRequest request;
        request.files = {writeFile(QStringLiteral("commits.csv"), commits), QStringLiteral(CONCORD_CORPUS_DIR "/labels/taxonomy.csv")};
        ImportResult result;
        if (!project || !importFiles(*project, request, &result, &error)) {
            qFatal("seed: %s", qPrintable(error));
        }
        return path;
    }();
    static const QString judgements = writeFile(QStringLiteral("judgements.csv"), judgementRows(100000, 50000));
    importOnce(state, {judgements}, seed);
}
BENCHMARK(BM_Judgements100kOn50kItems)->Unit(benchmark::kMillisecond)->Iterations(2);

/// Writes n small REST-shaped issues (~340 bytes each) without building a document.
bool writeIssues(const QString &path, int n)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return false;
    }
    file.write("[\n");
    for (int i = 1; i <= n; ++i) {
        const QByteArray number = QByteArray::number(i);
        const QByteArray repo = "acme/r" + QByteArray::number(i % 100);
        QByteArray r = "{\"url\":\"https://api.github.com/repos/" + repo + "/issues/" + number
            + "\",\"html_url\":\"https://github.com/" + repo + "/issues/" + number + "\",\"number\":" + number
            + ",\"title\":\"tf.function retracing warning " + number
            + "\",\"user\":{\"login\":\"reporter\"},\"labels\":[{\"name\":\"type:bug\"}],\"state\":\"open\","
              "\"comments\":2,\"created_at\":\"2020-12-28T10:00:00Z\",\"body\":\"Calling a tf.function in a loop with "
              "Python ints retraces every time; see the \\\"[retracing]\\\" warning.\"}";
        r += i < n ? ",\n" : "\n";
        if (file.write(r) != r.size()) {
            return false;
        }
    }
    file.write("]\n");
    return file.flush();
}

/// Writes n REST comments (~460 bytes each) on issues 1..n/2 of writeIssues's file: two
/// per issue, the second n/2 comments after the first, as a repository-wide
/// `GET /repos/O/N/issues/comments` lists them (by date, so the issues interleave).
bool writeComments(const QString &path, int n)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return false;
    }
    file.write("[\n");
    const int issues = n / 2;
    for (int k = 0; k < n; ++k) {
        const int i = k % issues + 1;
        const QByteArray number = QByteArray::number(i);
        const QByteArray repo = "acme/r" + QByteArray::number(i % 100);
        const QByteArray id = QByteArray::number(7000000 + k);
        // One comment a minute from 2021-01-01.
        const QByteArray date =
            QDateTime(QDate(2021, 1, 1), QTime(0, 0), QTimeZone::UTC).addSecs(60ll * k).toString(Qt::ISODate).toLatin1();
        QByteArray r = "{\"url\":\"https://api.github.com/repos/" + repo + "/issues/comments/" + id
            + "\",\"html_url\":\"https://github.com/" + repo + "/issues/" + number + "#issuecomment-" + id
            + "\",\"issue_url\":\"https://api.github.com/repos/" + repo + "/issues/" + number + "\",\"id\":" + id
            + ",\"user\":{\"login\":\"commenter" + QByteArray::number(k % 50) + "\",\"type\":\"User\"},\"created_at\":\""
            + date + "\",\"updated_at\":\"" + date
            + "\",\"author_association\":\"NONE\",\"body\":\"Same here with tf 2.4: the \\\"[retracing]\\\" warning "
              "comes back on every call.\"}";
        r += k + 1 < n ? ",\n" : "\n";
        if (file.write(r) != r.size()) {
            return false;
        }
    }
    file.write("]\n");
    return file.flush();
}

QByteArray statusField(const char *name)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return {};
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(name)) {
            return line.mid(qsizetype(std::strlen(name))).trimmed();
        }
    }
    return {};
}

int peakRss(const QString &mode, const QStringList &files)
{
    const QString &file = files.first();
    const QString path = file + u".concord"_s;
    QFile::remove(path);
    QString error;
    auto project = Project::create(path, &error);
    if (!project) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    QElapsedTimer wall;
    wall.start();
    const std::clock_t cpu = std::clock();
    bool ok = false;
    if (mode == u"files"_s) {
        ImportRequest request;
        request.files = files;
        ImportResult result;
        ok = importFiles(*project, request, &result, &error);
        if (ok) {
            std::printf("%s\n", qPrintable(result.tally.summary()));
        }
    } else {
        ImportSession session(*project, u"import "_s + file);
        const ImportOptions options; // the context keeps a reference: it must outlive it
        ImportContext ctx(*project, session, options);
        ok = session.isValid() && importGitHubIssuesFile(ctx, file, &error) && session.commit(&error);
    }
    const double cpuSeconds = double(std::clock() - cpu) / CLOCKS_PER_SEC;
    if (!ok) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    std::printf("mode %s: %lld bug reports, wall %.1f s, CPU %.1f s, VmHWM %s\n", qPrintable(mode),
                project->counts().bugReports, double(wall.elapsed()) / 1000, cpuSeconds, statusField("VmHWM:").constData());
    project.reset();
    QFile::remove(path);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc == 3 && std::strcmp(argv[1], "--issues-1m") == 0) {
        const QString path = QString::fromLocal8Bit(argv[2]) + u"/issues-1m.json"_s;
        if (!writeIssues(path, 1000000)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
            return 1;
        }
        std::printf("%s: %lld bytes\n", qPrintable(path), QFileInfo(path).size());
        return 0;
    }
    if (argc == 3 && std::strcmp(argv[1], "--comments-1m") == 0) {
        const QString path = QString::fromLocal8Bit(argv[2]) + u"/comments-1m.json"_s;
        if (!writeComments(path, 1000000)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
            return 1;
        }
        std::printf("%s: %lld bytes\n", qPrintable(path), QFileInfo(path).size());
        return 0;
    }
    if (argc >= 4 && std::strcmp(argv[1], "--peak-rss") == 0) {
        const QString mode = QString::fromLocal8Bit(argv[2]);
        QStringList files;
        for (int i = 3; i < argc; ++i) {
            files.append(QString::fromLocal8Bit(argv[i]));
        }
        if (mode != u"files"_s && files.size() != 1) {
            std::fprintf(stderr, "--peak-rss stream takes one file\n");
            return 1;
        }
        return peakRss(mode, files);
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
