// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs the real concord-cli binary for the CLI tests.

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace Concord::CliTest {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

inline Run cli(const QStringList &arguments)
{
    QProcess p;
    p.start(QStringLiteral(CONCORD_BIN_DIR "/concord-cli"), arguments);
    Run r;
    if (!p.waitForStarted() || !p.waitForFinished(60000)) {
        r.err = p.errorString();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace Concord::CliTest
