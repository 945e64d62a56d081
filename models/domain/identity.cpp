// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/identity.h"

using namespace Qt::StringLiterals;

namespace Concord::Identity {

QUuid fromName(const QString &name)
{
    // Fixed forever: the namespace the first importers used.
    static const QUuid ns(u"{6c1f3d2a-7e4b-5a90-8c1d-2f6e9b0a4c37}"_s);
    return QUuid::createUuidV5(ns, name);
}

QUuid item(const ItemKey &key)
{
    return fromName(u"item/"_s + key.toString());
}

QUuid dimension(const QString &key)
{
    return fromName(u"dimension/"_s + key);
}

QUuid value(const QString &dimensionKey, const QString &name)
{
    return fromName(u"value/"_s + dimensionKey + u'/' + name);
}

QUuid dataset(const QString &name)
{
    return fromName(u"dataset/"_s + name);
}

QUuid sourceRecord(const QString &record)
{
    return fromName(record);
}

QUuid random()
{
    return QUuid::createUuid();
}

} // namespace Concord::Identity
