// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include <QApplication>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Concord"));
    QApplication::setOrganizationName(QStringLiteral("Concord"));
    QApplication::setApplicationVersion(QStringLiteral(CONCORD_VERSION_STRING));
    Concord::MainWindow window;
    window.show();
    return QApplication::exec();
}
