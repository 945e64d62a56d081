// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

namespace Concord {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("Concord"));
}

MainWindow::~MainWindow() = default;

} // namespace Concord
