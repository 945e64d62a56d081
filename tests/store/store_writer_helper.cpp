// SPDX-License-Identifier: GPL-3.0-or-later
// A second process for tst_project: a real Concord writer the test can kill or race.
//   store_writer_helper edits PROJECT ITEM RATER DIMENSION COUNT
//       for i in 0..COUNT-1: adds a finding with comment "edit i" and prints "add i",
//       then sets the comment of the first finding to "last i" and prints "set i";
//       each line is printed only after the edit returned (is durable).
//   store_writer_helper hold PROJECT
//       opens PROJECT for writing, prints "ready" (or "refused: MESSAGE") and waits
//       for stdin to close.
#include "store/project.h"

#include <QCoreApplication>

#include <cstdio>
#include <iostream>

using namespace Concord;
using namespace Qt::StringLiterals;

static void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: store_writer_helper edits|hold PROJECT ...\n");
        return 1;
    }
    QString error;
    OpenFailure failure = OpenFailure::None;
    auto project = Project::open(args.at(2), Project::ReadWrite, &error, &failure);
    if (!project) {
        say("refused: " + error.toUtf8());
        return 2;
    }
    project->setActor(u"helper"_s);
    if (args.at(1) == u"hold"_s) {
        say("ready");
        std::string line;
        while (std::getline(std::cin, line)) {
        }
        return 0;
    }
    if (args.at(1) != u"edits"_s || args.size() < 7) {
        return 1;
    }
    const ItemId item = args.at(3).toLongLong();
    const RaterId rater = args.at(4).toLongLong();
    const DimensionId dimension = args.at(5).toLongLong();
    const int count = args.at(6).toInt();
    FindingId first = 0;
    for (int i = 0; i < count; ++i) {
        Finding f;
        f.item = item;
        f.rater = rater;
        f.ordinal = -1;
        f.comments.insert(dimension, u"edit %1"_s.arg(i));
        const auto id = project->addFinding(f, &error);
        if (!id) {
            say("error: " + error.toUtf8());
            return 2;
        }
        say("add " + QByteArray::number(i));
        if (first == 0) {
            first = *id;
        }
        if (!project->setFindingComment(first, dimension, u"last %1"_s.arg(i), &error)) {
            say("error: " + error.toUtf8());
            return 2;
        }
        say("set " + QByteArray::number(i));
    }
    return 0;
}
