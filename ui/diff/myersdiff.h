// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <algorithm>
#include <utility>
#include <vector>

namespace Concord::Myers {

/// A pair of equal elements: a[first] == b[second].
using Match = std::pair<qsizetype, qsizetype>;

namespace detail {

// Myers' "middle snake" search (E. W. Myers, An O(ND) Difference Algorithm and Its
// Variations, Algorithmica 1986, section 4b) on the box [a0,a1) x [b0,b1), which has no
// common first or last element. Returns a point on an optimal edit path strictly inside
// the box, or {-1, -1} when more than maxCost edits would be needed.
//
// Forward paths start at (a0,b0); V[k] is the furthest x reached on diagonal k = x - y.
// Reverse paths start at (a1,b1); R[c] is the smallest x reached on diagonal
// c = (x - a1) - (y - b1). When the forward and the reverse path meet on a diagonal, the
// end of the later one's snake lies on an optimal path (the cost to the far corner does
// not grow along a diagonal), so the box splits there into two smaller boxes.
template<typename Equal>
std::pair<qsizetype, qsizetype> middlePoint(qsizetype a0, qsizetype a1, qsizetype b0, qsizetype b1, const Equal &equal,
    qsizetype maxCost, std::vector<qsizetype> &v, std::vector<qsizetype> &r)
{
    const qsizetype n = a1 - a0;
    const qsizetype m = b1 - b0;
    const qsizetype delta = n - m;
    const bool odd = (delta & 1) != 0;
    const qsizetype maxD = (n + m + 1) / 2;
    const qsizetype limit = maxCost < 0 ? maxD : std::min(maxD, maxCost);
    const qsizetype offset = maxD + 1;
    v.assign(size_t(2 * offset + 1), 0);
    r.assign(size_t(2 * offset + 1), 0);
    auto V = [&](qsizetype k) -> qsizetype & {
        return v[size_t(k + offset)];
    };
    auto R = [&](qsizetype c) -> qsizetype & {
        return r[size_t(c + offset)];
    };
    V(1) = 0; // x relative to a0
    R(-1) = n; // x relative to a0, walking back from n
    for (qsizetype d = 0; d <= limit; ++d) {
        for (qsizetype k = -d; k <= d; k += 2) {
            qsizetype x = (k == -d || (k != d && V(k - 1) < V(k + 1))) ? V(k + 1) : V(k - 1) + 1;
            qsizetype y = x - k;
            while (x < n && y < m && equal(a0 + x, b0 + y)) {
                ++x;
                ++y;
            }
            V(k) = x;
            // The reverse paths of cost d - 1 lie on diagonals delta - (d - 1) .. delta + (d - 1).
            const qsizetype c = k - delta;
            if (odd && c >= -(d - 1) && c <= d - 1 && x >= R(c)) {
                return{a0 + x, b0 + y};
            }
        }
        for (qsizetype c = -d; c <= d; c += 2) {
            qsizetype x = (c == d || (c != -d && R(c - 1) < R(c + 1))) ? R(c - 1) : R(c + 1) - 1;
            qsizetype y = x - c - delta;
            while (x > 0 && y > 0 && equal(a0 + x - 1, b0 + y - 1)) {
                --x;
                --y;
            }
            R(c) = x;
            const qsizetype k = c + delta;
            if (!odd && k >= -d && k <= d && x <= V(k)) {
                return{a0 + x, b0 + y};
            }
        }
    }
    return{-1, -1};
}

template<typename Equal>
void commonSubsequence(qsizetype a0, qsizetype a1, qsizetype b0, qsizetype b1, const Equal &equal, qsizetype maxCost,
    std::vector<Match> &out, std::vector<qsizetype> &v, std::vector<qsizetype> &r)
{
    while (a0 < a1 && b0 < b1 && equal(a0, b0)) {
        out.emplace_back(a0++, b0++);
    }
    qsizetype suffix = 0;
    while (a1 - suffix > a0 && b1 - suffix > b0 && equal(a1 - suffix - 1, b1 - suffix - 1)) {
        ++suffix;
    }
    const qsizetype ea = a1 - suffix;
    const qsizetype eb = b1 - suffix;
    if (ea > a0 && eb > b0) {
        const auto [x, y] = middlePoint(a0, ea, b0, eb, equal, maxCost, v, r);
        if (x >= 0) {
            commonSubsequence(a0, x, b0, y, equal, maxCost, out, v, r);
            commonSubsequence(x, ea, y, eb, equal, maxCost, out, v, r);
        }
        // else: too different to be worth more work; nothing in the middle is matched.
    }
    for (qsizetype i = 0; i < suffix; ++i) {
        out.emplace_back(ea + i, eb + i);
    }
}

} // namespace detail

/// A longest common subsequence of two sequences of lengths @p n and @p m, as the pairs
/// of indices of its elements in increasing order. @p equal(i, j) compares a[i] with
/// b[j]. Myers' O((n + m) D) algorithm in linear space: fast when the sequences differ in
/// few places (D edits), whatever their length. With @p maxCost >= 0, a part of the
/// sequences that needs more than maxCost edits to align is left unmatched (the work is
/// then bounded by about (n + m) * maxCost).
template<typename Equal>
std::vector<Match> commonSubsequence(qsizetype n, qsizetype m, const Equal &equal, qsizetype maxCost = -1)
{
    std::vector<Match> out;
    std::vector<qsizetype> v;
    std::vector<qsizetype> r;
    detail::commonSubsequence(0, n, 0, m, equal, maxCost, out, v, r);
    return out;
}

} // namespace Concord::Myers
