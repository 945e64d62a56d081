// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// All domain values at once.
#include "domain/audit.h"
#include "domain/bugreport.h"
#include "domain/codebook.h"
#include "domain/dataset.h"
#include "domain/finding.h"
#include "domain/ids.h"
#include "domain/item.h"
#include "domain/labelstatus.h"
#include "domain/rater.h"
#include "domain/sourcedate.h"
