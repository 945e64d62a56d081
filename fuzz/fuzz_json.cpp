// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the JSON readers of the importers (web-app dump, GitHub issues and
// their comments) on arbitrary bytes. Checks that a failure always says where, and that
// what they accept has the shape the store relies on.
#include "import/githubissues.h"
#include "import/jsonfile.h"
#include "import/ponderdump.h"

#include <QJsonDocument>

#include <cstdlib>

using namespace Concord;

static void check(bool ok)
{
    if (!ok) {
        std::abort();
    }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)looksLikePonderDump(bytes);
    (void)looksLikeGitHubIssues(bytes);
    QJsonDocument document;
    QString error;
    if (!parseJson(bytes, &document, &error)) {
        check(!error.isEmpty());
        return 0;
    }
    PonderDump dump;
    if (parsePonderDump(document, &dump, &error)) {
        for (const PonderDump::Commit &c : std::as_const(dump.commits)) {
            check(!c.project.isEmpty() && c.sha.size() >= 7);
        }
    } else {
        check(error.startsWith(QLatin1String("record ")) || error.startsWith(QLatin1String("not a Django")));
    }
    error.clear();
    QList<ParsedBugReport> reports;
    if (parseGitHubIssues(document, &reports, &error)) {
        for (const ParsedBugReport &r : std::as_const(reports)) {
            check(r.number > 0 && r.repository.contains(QLatin1Char('/')));
        }
        int unmatched = 0;
        error.clear();
        if (isGitHubCommentList(document) && !attachGitHubComments(document, &reports, &unmatched, &error)) {
            check(error.startsWith(QLatin1String("comment ")));
        }
    } else {
        check(error.startsWith(QLatin1String("record ")));
    }
    return 0;
}
