// SPDX-License-Identifier: GPL-3.0-or-later
// The "GIT binary patch" decoder against git itself: corpus patches applied with
// `git apply --binary` in a scratch repository give the bytes the decoder gives, and a
// delta git writes, applied by us to the old bytes, gives git's new bytes.
#include "patch/binarypatch.h"
#include "patch/patchparser.h"

#include <QFile>
#include <QImage>
#include <QLocale>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Concord;

namespace {

QByteArray readCorpus(const QString &relative)
{
    QFile file(QStringLiteral(CONCORD_CORPUS_DIR "/patches/") + relative);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool git(const QString &dir, const QStringList &args, QByteArray *out = nullptr)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(u"git"_s, QStringList{u"-c"_s, u"user.name=t"_s, u"-c"_s, u"user.email=t@t"_s} + args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning() << "git" << args << p.readAllStandardError();
        return false;
    }
    if (out) {
        *out = p.readAllStandardOutput();
    }
    return true;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// The binary files of a corpus patch, with their sections.
QList<std::pair<FileDiff, QByteArray>> binarySections(const QByteArray &bytes)
{
    QList<std::pair<FileDiff, QByteArray>> out;
    const auto patches = PatchParser::parseAll(bytes);
    if (!patches) {
        return out;
    }
    for (const Patch &p : *patches) {
        for (const FileDiff &f : p.files) {
            if (f.binary) {
                out.append({f, bytes.sliced(f.offset, f.length)});
            }
        }
    }
    return out;
}

} // namespace

class TestBinaryPatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void literalEqualsGitApply_data();
    void literalEqualsGitApply();
    void deltaAppliedEqualsGit();
    void deltaOnlyPatchGivesSizes();
    void damagedDataIsRefused();
};

void TestBinaryPatch::literalEqualsGitApply_data()
{
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QSize>("pixels"); // invalid: not an image
    QTest::newRow("png test.png") << u"toonsquare__gan/0814d67d9ccb244e1faf06bcedf5a16746eaee8b.patch"_s << u"test.png"_s << QSize(256, 256);
    QTest::newRow("png test2.png") << u"toonsquare__gan/359520ead84ffda1a2817378faa0cb7fc40c32d0.patch"_s << u"test2.png"_s << QSize(256, 256);
    QTest::newRow("flatbuffer") << u"google__iree/55fcfab7131ea0acb65050078af23a91b2687ca2.patch"_s
                                << u"bindings/python/tests/testdata/tflite_sample.fb"_s << QSize();
}

void TestBinaryPatch::literalEqualsGitApply()
{
    QFETCH(QString, patch);
    QFETCH(QString, path);
    QFETCH(QSize, pixels);
    const QByteArray bytes = readCorpus(patch);
    QVERIFY(!bytes.isEmpty());
    const auto sections = binarySections(bytes);
    QCOMPARE(sections.size(), 1);
    const auto &[file, section] = sections.first();
    QCOMPARE(file.newPath, path);
    QCOMPARE(file.change, FileDiff::Change::Added);

    const BinaryContent content = binaryContent(file, section);
    QVERIFY2(content.error.isEmpty(), qPrintable(content.error));
    QVERIFY(content.hasPatchData);
    QVERIFY(content.newBytes);
    QCOMPARE(content.oldBytes, std::optional<QByteArray>(QByteArray()));
    QCOMPARE(content.newSize, content.newBytes->size());

    // git's own reading of the same section.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(git(dir.path(), {u"init"_s, u"-q"_s}));
    QVERIFY(writeFile(dir.filePath(u"change.patch"_s), section));
    QVERIFY(git(dir.path(), {u"apply"_s, u"--binary"_s, u"change.patch"_s}));
    QFile applied(dir.filePath(path));
    QVERIFY(applied.open(QIODevice::ReadOnly));
    const QByteArray expected = applied.readAll();
    QVERIFY(expected.size() > 100);
    QCOMPARE(content.newBytes->size(), expected.size());
    QVERIFY(*content.newBytes == expected);

    QImage image;
    QCOMPARE(image.loadFromData(*content.newBytes), pixels.isValid());
    if (pixels.isValid()) {
        QCOMPARE(image.size(), pixels);
    }
}

void TestBinaryPatch::deltaAppliedEqualsGit()
{
    // A real image, changed a little, so that git writes deltas both ways.
    const auto sections = binarySections(readCorpus(u"toonsquare__gan/0814d67d9ccb244e1faf06bcedf5a16746eaee8b.patch"_s));
    QCOMPARE(sections.size(), 1);
    const std::optional<QByteArray> oldBytes = binaryContent(sections.first().first, sections.first().second).newBytes;
    QVERIFY(oldBytes && !oldBytes->isEmpty());
    QByteArray newBytes = *oldBytes;
    newBytes.insert(4000, QByteArray("a change in the middle of the file"));
    newBytes.append(QByteArray(3000, 'z'));

    QTemporaryDir dir;
    QVERIFY(git(dir.path(), {u"init"_s, u"-q"_s}));
    QVERIFY(writeFile(dir.filePath(u"img.png"_s), *oldBytes));
    QVERIFY(git(dir.path(), {u"add"_s, u"img.png"_s}));
    QVERIFY(git(dir.path(), {u"commit"_s, u"-q"_s, u"-m"_s, u"old"_s}));
    QVERIFY(writeFile(dir.filePath(u"img.png"_s), newBytes));
    QByteArray diff;
    QVERIFY(git(dir.path(), {u"diff"_s, u"--binary"_s}, &diff));
    const auto changed = binarySections(diff);
    QCOMPARE(changed.size(), 1);
    QString error;
    const std::optional<BinaryPatch> patch = parseBinaryPatch(changed.first().second, &error);
    QVERIFY2(patch, qPrintable(error));
    QCOMPARE(patch->forward.kind, BinaryPatchPart::Kind::Delta);
    QVERIFY(patch->reverse);
    QCOMPARE(patch->reverse->kind, BinaryPatchPart::Kind::Delta);

    const std::optional<DeltaSizes> sizes = gitDeltaSizes(patch->forward.bytes);
    QVERIFY(sizes);
    QCOMPARE(sizes->source, oldBytes->size());
    QCOMPARE(sizes->target, newBytes.size());
    const std::optional<QByteArray> forward = applyGitDelta(*oldBytes, patch->forward.bytes, &error);
    QVERIFY2(forward, qPrintable(error));
    QVERIFY(*forward == newBytes);
    const std::optional<QByteArray> backward = applyGitDelta(newBytes, patch->reverse->bytes, &error);
    QVERIFY2(backward, qPrintable(error));
    QVERIFY(*backward == *oldBytes);
    // A delta for another base is refused, not applied to garbage.
    QVERIFY(!applyGitDelta(newBytes, patch->forward.bytes, &error));

    // Without the old file only the sizes are known, and said in plain words.
    const BinaryContent content = binaryContent(changed.first().first, changed.first().second);
    QVERIFY(!content.oldBytes && !content.newBytes);
    QCOMPARE(content.oldSize, oldBytes->size());
    QCOMPARE(content.newSize, newBytes.size());
}

void TestBinaryPatch::deltaOnlyPatchGivesSizes()
{
    // neuro-art's JPEG: "delta 58150" forward and "delta 58144" back. The two deltas'
    // headers must agree with each other (forward's source is reverse's target).
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const auto sections = binarySections(readCorpus(u"MLH-Fellowship__neuro-art/f737f9fb3dd0447a09feab9531319319ae9fecae.patch"_s));
    QVERIFY(!sections.isEmpty());
    const auto &[file, section] = sections.first();
    QVERIFY(file.newPath.endsWith(u".jpg"_s));
    const std::optional<BinaryPatch> patch = parseBinaryPatch(section);
    QVERIFY(patch && patch->reverse);
    QCOMPARE(patch->forward.size, 58150);
    QCOMPARE(patch->reverse->size, 58144);
    const auto forward = gitDeltaSizes(patch->forward.bytes);
    const auto reverse = gitDeltaSizes(patch->reverse->bytes);
    QVERIFY(forward && reverse);
    QCOMPARE(forward->source, reverse->target);
    QCOMPARE(forward->target, reverse->source);
    const BinaryContent content = binaryContent(file, section);
    QCOMPARE(content.oldSize, forward->source);
    QCOMPARE(content.newSize, forward->target);
    const QString text = describeBinaryChange(file, content, u"Image"_s);
    // Both round to 56.9 KB, so the exact sizes are given.
    QCOMPARE(text, u"Image changed, 58,303 bytes → 58,309 bytes"_s);
    QCOMPARE(formatByteSize(8527), u"8.3 KB"_s);
    QCOMPARE(formatByteSize(500), u"500 bytes"_s);
    QVERIFY(!text.contains(u"delta"_s));
}

void TestBinaryPatch::damagedDataIsRefused()
{
    const auto sections = binarySections(readCorpus(u"toonsquare__gan/359520ead84ffda1a2817378faa0cb7fc40c32d0.patch"_s));
    QCOMPARE(sections.size(), 1);
    QByteArray section = sections.first().second;
    const qsizetype data = section.indexOf("literal 4099\n") + 13;
    QVERIFY(data > 13);
    // A character outside git's alphabet, then a valid one that changes the stream.
    QByteArray outside = section;
    outside[data + 3] = '"';
    QString error;
    QVERIFY(!parseBinaryPatch(outside, &error));
    QVERIFY(!error.isEmpty());
    QByteArray changed = section;
    changed[data + 30] = changed[data + 30] == '0' ? '1' : '0';
    QVERIFY(!parseBinaryPatch(changed, &error));
    QVERIFY(parseBinaryPatch(section, &error));
    // Line lengths as git writes them: 'A' = 1 byte ... 'z' = 52 bytes.
    QCOMPARE(decodeBase85Line("HcmV?d00001"), std::optional<QByteArray>(QByteArray::fromHex("7801030000000001")));
    QVERIFY(!decodeBase85Line("AcmV?d00001")); // two groups for one byte
}

QTEST_MAIN(TestBinaryPatch)
#include "tst_binarypatch.moc"
