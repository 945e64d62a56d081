// SPDX-License-Identifier: GPL-3.0-or-later
#include "import/patchimport.h"

#include "patch/patchparser.h"
#include "store/project.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QRegularExpression>

Q_LOGGING_CATEGORY(lcPatchImport, "concord.import.patch")

using namespace Qt::StringLiterals;

namespace Concord {

namespace {

const QString s_nothingImported = QStringLiteral("; nothing was imported");

/// Stores each patch as the parser finishes it: the item, its files and hunks, and its
/// original bytes, read a second time from the file in chunks.
class PatchStorer : public PatchParser::Handler
{
public:
    PatchStorer(Project &project, ImportSession &session, QIODevice &source, const QString &fileName,
                const QString &repository, DatasetId dataset, const ImportOptions &options, ImportReport &report)
        : m_project(project)
        , m_session(session)
        , m_source(source)
        , m_fileName(fileName)
        , m_repository(repository)
        , m_dataset(dataset)
        , m_options(options)
        , m_report(report)
    {
    }

    qint64 progressBase = 0;
    qint64 progressTotal = 0;
    QString error; ///< set when a callback failed for another reason than cancelling
    QStringList shas; ///< the shas stored or found, in input order

    bool patchStarted(const CommitHeader &, qint64) override
    {
        m_files.clear();
        return true;
    }

    bool fileParsed(const FileDiff &file) override
    {
        m_files.append(file);
        return true;
    }

    bool patchFinished(const Patch &parsed) override
    {
        Patch patch = parsed;
        patch.files = std::move(m_files);
        m_files.clear();
        if (patch.files.isEmpty()) {
            // A cover letter, a reply, a mail without a diff: not an item, but never dropped
            // without a word.
            const QString subject = patch.header.subjectPrefix.isEmpty()
                ? patch.header.subject
                : patch.header.subjectPrefix + u' ' + patch.header.subject;
            const bool cover = patch.header.subjectPrefix.contains(QRegularExpression(u"\\b0+/\\d+\\]"_s));
            const bool logEntry = patch.header.messageId.isEmpty() && !patch.header.sha.isEmpty()
                && peekLine(parsed.offset).startsWith("commit ");
            m_report.warnings.append(u"%1:%2: %3 \"%4\" has no diff; skipped"_s.arg(
                m_fileName, QString::number(patch.line),
                cover      ? u"cover letter"_s
                : logEntry ? u"commit %1 (a merge or an empty commit)"_s.arg(QString::fromLatin1(patch.header.sha))
                           : u"mail"_s,
                subject));
            ++m_report.skipped;
            return true;
        }
        // Offsets become relative to the patch's own bytes, which is what is stored.
        for (FileDiff &f : patch.files) {
            f.offset -= parsed.offset;
            for (Hunk &h : f.hunks) {
                h.offset -= parsed.offset;
            }
        }
        patch.offset = 0;

        Item item;
        // The SHA-256 of the mail's bytes is needed only when the mail has no commit sha of
        // its own or names a commit an earlier mail of this input named: hashing every mail
        // would read each patch once more (a quarter of a corpus import's CPU time).
        std::optional<QString> hash;
        // Two mails of one input claiming the same commit with different bytes: one of
        // them is not that commit (a tool that writes one sha for all): key it by its bytes.
        bool shaIsOwn = isCommitSha(patch.header.sha);
        if (shaIsOwn) {
            const QString sha = QString::fromLatin1(patch.header.sha);
            const auto seen = m_seenShas.find(sha);
            if (seen == m_seenShas.end()) {
                m_seenShas.insert(sha, SeenMail{parsed.offset, parsed.length, patch.line, std::nullopt});
            } else {
                bool same = seen->length == parsed.length;
                if (same) {
                    if (!seen->hash) {
                        seen->hash = hashRange(seen->offset, seen->length);
                    }
                    hash = hashRange(parsed.offset, parsed.length);
                    if (!seen->hash || !hash) {
                        return false;
                    }
                    same = *seen->hash == *hash;
                }
                if (!same) {
                    m_report.warnings.append(u"%1:%2: the mail \"%3\" names commit %4 like the mail at line %5 but "
                                             "differs from it; kept as an item of its own, keyed by its bytes"_s.arg(
                                                 m_fileName, QString::number(patch.line), patch.header.subject, sha,
                                                 QString::number(seen->line)));
                    shaIsOwn = false;
                }
            }
        }
        if (!shaIsOwn) {
            // No commit sha of its own (a plain diff, a mail from a mailing-list archive,
            // b4 or a mail client, format-patch --zero-commit): the key is the SHA-256 of
            // the mail's bytes, so only the very same mail is ever "already present".
            if (!hash) {
                hash = hashRange(parsed.offset, parsed.length);
            }
            if (!hash) {
                return false;
            }
            item.key = ItemKey{ItemKind::Patch, m_repository, *hash};
        } else {
            if (m_repository.isEmpty()) {
                error = m_fileName
                    + QStringLiteral(": cannot tell which project commit %1 belongs to; give the project "
                                     "(--project OWNER/NAME) or keep the file in a directory named OWNER__NAME")
                          .arg(QString::fromLatin1(patch.header.sha));
                return false;
            }
            item.key = ItemKey::commit(m_repository, QString::fromLatin1(patch.header.sha));
        }
        item.title = patch.header.subject;
        if (item.title.isEmpty() && !patch.files.isEmpty()) {
            item.title = patch.files.constFirst().displayPath();
        }
        item.author = patch.header.author;
        item.date = SourceDate::fromMoment(patch.header.date);
        item.dataset = m_dataset;
        if (!patch.header.messageId.isEmpty()) {
            item.metadata.insert(u"message_id"_s, patch.header.messageId);
        }
        if (!patch.header.subjectPrefix.isEmpty()) {
            item.metadata.insert(u"subject_prefix"_s, patch.header.subjectPrefix); // "[PATCH v2 3/7]"
        }

        bool created = false;
        const auto id = m_session.item(item, &created);
        if (!id) {
            error = m_fileName + QStringLiteral(": could not store %1: ").arg(item.key.toString())
                + m_session.errorString();
            return false;
        }
        shas.append(item.key.ref);
        if (!created) {
            // Present already: with content it stays as it is; an item made by another
            // import (the web-app dump) without content gets the patch now.
            const auto existing = m_project.item(*id);
            if (existing && existing->stats.bytes > 0) {
                ++m_report.alreadyPresent;
                return true;
            }
            // The other import knew the commit but not its subject (the dump has no
            // titles): fill in what it left empty, keep what it set. The author is the
            // patch's own header's: a list's copy of it can be cut short, a login or
            // mis-decoded.
            if (existing) {
                Item filled = *existing;
                if (filled.title.isEmpty()) {
                    filled.title = item.title;
                }
                if (!item.author.isEmpty()) {
                    filled.author = item.author;
                }
                if (!filled.date.isValid()) {
                    filled.date = item.date;
                }
                if (!(filled == *existing)) {
                    QString updateError;
                    if (!m_project.updateItem(filled, &updateError)) {
                        error = m_fileName + QStringLiteral(": could not complete %1: ").arg(item.key.toString())
                            + updateError;
                        return false;
                    }
                }
            }
        }
        if (!m_session.setPatch(*id, patch)) {
            error = m_fileName + QStringLiteral(": could not store the files of %1: ").arg(item.key.toString())
                + m_session.errorString();
            return false;
        }
        bool stored = false;
        if (!parsed.decoded.isEmpty()) {
            // A transfer-encoded mail: the decoded text, which the offsets point into, and
            // the mail as it arrived.
            QByteArray copy = parsed.decoded;
            QBuffer buffer(&copy);
            buffer.open(QIODevice::ReadOnly);
            stored = m_session.storePatchBytes(*id, &buffer, copy.size());
            if (stored) {
                if (!m_source.seek(parsed.offset)) {
                    error = m_fileName + QStringLiteral(": cannot read it again: ") + m_source.errorString();
                    return false;
                }
                const QByteArray original = m_source.read(parsed.length);
                if (original.size() != parsed.length) {
                    error = m_fileName + QStringLiteral(": the file changed while it was imported");
                    return false;
                }
                stored = m_session.storeOriginalMail(*id, original);
            }
        } else {
            if (!m_source.seek(parsed.offset)) {
                error = m_fileName + QStringLiteral(": cannot read it again: ") + m_source.errorString();
                return false;
            }
            stored = m_session.storePatchBytes(*id, &m_source, parsed.length);
        }
        if (!stored) {
            error = m_fileName + QStringLiteral(": could not store the bytes of %1: ").arg(item.key.toString())
                + m_session.errorString();
            return false;
        }
        ++m_report.added;
        m_report.files += int(patch.files.size());
        m_report.hunks += patch.hunkCount();
        return true;
    }

    bool warning(qint64 line, const QString &message) override
    {
        m_report.warnings.append(u"%1:%2: %3"_s.arg(m_fileName, QString::number(line), message));
        return true;
    }

    bool progress(qint64 bytesRead) override
    {
        return !m_options.progress || m_options.progress(progressBase + bytesRead, progressTotal);
    }

private:
    /// A commit's own sha: 40 or 64 hex digits, not all zeros (format-patch --zero-commit).
    static bool isCommitSha(const QByteArray &sha)
    {
        return (sha.size() == 40 || sha.size() == 64) && sha.count('0') != sha.size();
    }

    /// The first bytes at \a offset of the input, to tell what began a patch.
    QByteArray peekLine(qint64 offset)
    {
        if (!m_source.seek(offset)) {
            return {};
        }
        return m_source.read(16);
    }

    std::optional<QString> hashRange(qint64 offset, qint64 length)
    {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        if (!m_source.seek(offset)) {
            error = m_fileName + QStringLiteral(": cannot read it again: ") + m_source.errorString();
            return std::nullopt;
        }
        QByteArray chunk;
        qint64 left = length;
        while (left > 0) {
            chunk = m_source.read(qMin<qint64>(left, 1 << 20));
            if (chunk.isEmpty()) {
                error = m_fileName + QStringLiteral(": the file changed while it was imported");
                return std::nullopt;
            }
            hash.addData(chunk);
            left -= chunk.size();
        }
        return QString::fromLatin1(hash.result().toHex());
    }

    Project &m_project;
    ImportSession &m_session;
    QIODevice &m_source;
    QString m_fileName;
    QString m_repository;
    DatasetId m_dataset;
    const ImportOptions &m_options;
    ImportReport &m_report;
    QList<FileDiff> m_files;
    /// A mail of this input that named a commit: where its bytes are, and their SHA-256
    /// once a later mail naming the same commit made it needed.
    struct SeenMail
    {
        qint64 offset = 0;
        qint64 length = 0;
        qint64 line = 0;
        std::optional<QString> hash;
    };
    QHash<QString, SeenMail> m_seenShas; ///< sha → the first mail naming it
};

} // namespace

QString projectFromPatchPath(const QString &path)
{
    const QString dir = QFileInfo(path).absoluteDir().dirName();
    const qsizetype sep = dir.indexOf(QLatin1String("__"));
    if (sep <= 0 || sep + 2 >= dir.size()) {
        return QString();
    }
    return dir.left(sep) + u'/' + dir.mid(sep + 2);
}

bool importPatchDevice(Project &project, ImportSession &session, QIODevice &first, QIODevice &second,
                       const QString &fileName, const ImportOptions &options, ImportReport *report, QString *error,
                       qint64 progressBase, qint64 progressTotal, QStringList *shas)
{
    DatasetId dataset = 0;
    if (!options.dataset.isEmpty()) {
        Dataset ds;
        ds.name = options.dataset;
        const auto id = session.dataset(ds);
        if (!id) {
            *error = fileName + QStringLiteral(": could not store the dataset: ") + session.errorString()
                + s_nothingImported;
            return false;
        }
        dataset = *id;
    }
    ImportReport local;
    ImportReport &r = report ? *report : local;
    PatchStorer storer(project, session, second, fileName, options.project, dataset, options, r);
    storer.progressBase = progressBase;
    storer.progressTotal = progressTotal;
    PatchParser parser;
    if (!parser.parse(&first, storer)) {
        if (!storer.error.isEmpty()) {
            *error = storer.error + s_nothingImported;
        } else if (parser.error().message == QLatin1String("cancelled")) {
            *error = fileName + QStringLiteral(": cancelled") + s_nothingImported;
        } else {
            *error = parser.error().toString(fileName) + s_nothingImported;
        }
        return false;
    }
    if (shas) {
        *shas = storer.shas;
    }
    return true;
}

bool importPatchFileInto(Project &project, ImportSession &session, const QString &path, const ImportOptions &options,
                         ImportReport *report, QString *error, qint64 progressBase, qint64 progressTotal)
{
    QFile first(path);
    QFile second(path);
    if (!first.open(QIODevice::ReadOnly) || !second.open(QIODevice::ReadOnly)) {
        *error = path + QStringLiteral(": cannot open: ") + first.errorString() + s_nothingImported;
        return false;
    }
    ImportOptions opts = options;
    if (opts.project.isEmpty()) {
        opts.project = projectFromPatchPath(path);
    }
    return importPatchDevice(project, session, first, second, path, opts, report, error, progressBase,
                             progressTotal > 0 ? progressTotal : first.size(), nullptr);
}

bool importPatchFiles(Project &project, const QStringList &paths, const ImportOptions &options, ImportReport *report,
                      QString *error)
{
    ImportReport local;
    ImportReport &r = report ? *report : local;
    r = ImportReport();
    qint64 total = 0;
    for (const QString &p : paths) {
        total += QFileInfo(p).size();
    }
    ImportSession session(project, QStringLiteral("import patches"));
    if (!session.isValid()) {
        *error = QStringLiteral("cannot import into %1: ").arg(project.path()) + session.errorString()
            + s_nothingImported;
        return false;
    }
    qint64 base = 0;
    for (const QString &p : paths) {
        if (!importPatchFileInto(project, session, p, options, &r, error, base, total)) {
            session.rollback();
            r = ImportReport();
            return false;
        }
        base += QFileInfo(p).size();
    }
    if (!session.commit(error)) {
        *error = QStringLiteral("cannot save the import in %1: ").arg(project.path()) + *error + s_nothingImported;
        r = ImportReport();
        return false;
    }
    qCDebug(lcPatchImport) << "imported" << paths.size() << "files:" << r.summary();
    return true;
}

bool importPatchFile(Project &project, const QString &path, const ImportOptions &options, ImportReport *report,
                     QString *error)
{
    return importPatchFiles(project, QStringList{path}, options, report, error);
}

bool looksLikePatch(QByteArrayView head)
{
    // Look at the first lines only: enough to tell a patch from JSON or CSV.
    qsizetype pos = 0;
    for (int n = 0; n < 200 && pos < head.size(); ++n) {
        qsizetype end = head.indexOf('\n', pos);
        if (end < 0) {
            end = head.size();
        }
        QByteArrayView line = head.sliced(pos, end - pos);
        if (line.endsWith('\r')) {
            line.chop(1);
        }
        if (n == 0 && (line.startsWith("From ") || line.startsWith("From:") || line.startsWith("commit "))) {
            return true; // a mail, a mailbox, git log -p / git show
        }
        if (line.startsWith("diff --git ") || line.startsWith("diff --cc ") || line.startsWith("diff --combined ")
            || line.startsWith("Index: ")) {
            return true;
        }
        // A hunk header, even without a file header: the parser then says what is missing
        // (rather than a CSV reader saying it cannot tell the columns).
        const qsizetype digit = line.startsWith("@@ -") ? 4 : line.startsWith("@@@ -") ? 5 : -1;
        if (digit > 0 && line.size() > digit && line[digit] >= '0' && line[digit] <= '9') {
            return true;
        }
        const QByteArrayView next = end + 1 < head.size() ? head.sliced(end + 1) : QByteArrayView();
        if (line.startsWith("--- ") && next.startsWith("+++ ")) {
            return true;
        }
        if (line.startsWith("*** ") && next.startsWith("--- ")) {
            return true; // a context diff (diff -c): refused by the parser with that reason
        }
        pos = end + 1;
    }
    return false;
}

} // namespace Concord
