//! One sort for every list the app orders (timelines, hand-overs, incidents, findings): only
//! positions are ever sorted, by a rank (an `i128`) or by a comparison of the items at them.
//!
//! Why not `sort_by_key` at each site: every call of the standard library's sort is compiled
//! anew for its element type and key, and in the browser bundles those copies cost 25–50 KB
//! (BENCHMARKS.md, "Browser bundle"). Here the sort is compiled once; each site adds only its
//! rank or comparison closure and a small permutation.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

/// Sorts `items` by `rank`, smallest first; items of equal rank keep their order (stable).
pub fn sort_by_rank<T>(items: &mut [T], rank: impl Fn(&T) -> i128) {
    let ranks: Vec<i128> = items.iter().map(rank).collect();
    let order = ranked_order(&ranks);
    permute(items, order);
}

/// Sorts `items` by `compare`; items that compare equal keep their order (stable). For orders
/// a rank cannot hold, such as a time and then an id.
pub fn sort_by_compare<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = compared_order(items.len(), &|a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// The rank of a moment: its nanoseconds since 1970, so later is larger and `-at_rank(..)`
/// sorts newest first.
pub fn at_rank(at: DateTime<Utc>) -> i128 {
    i128::from(at.timestamp()) * 1_000_000_000 + i128::from(at.timestamp_subsec_nanos())
}

/// The rank of a position or an offset in a text.
pub fn position_rank(position: usize) -> i128 {
    i128::try_from(position).unwrap_or(i128::MAX)
}

/// The positions of `ranks` in ascending rank, ties by position.
fn ranked_order(ranks: &[i128]) -> Vec<usize> {
    compared_order(ranks.len(), &|a, b| ranks[a].cmp(&ranks[b]))
}

/// The positions `0..len` ordered by `compare`, ties by position: the one place a sort runs.
/// Not generic, and `compare` is behind a reference, so the standard sort is compiled once.
fn compared_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Puts `items[order[k]]` at position `k`, following each cycle of the permutation once.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut current = start;
        // Each cycle is walked from its smallest position; `order[k] == k` marks a done slot.
        while order[current] != start {
            let next = order[current];
            items.swap(current, next);
            order[current] = current;
            current = next;
        }
        order[current] = current;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sorts_by_comparison_and_keeps_equal_items_in_order() {
        let mut items = vec![
            (2, 'b', 0),
            (1, 'z', 1),
            (2, 'a', 2),
            (2, 'b', 3),
            (1, 'z', 4),
        ];
        sort_by_compare(&mut items, |x, y| (y.0, y.1).cmp(&(x.0, x.1)));
        assert_eq!(
            items,
            [
                (2, 'b', 0),
                (2, 'b', 3),
                (2, 'a', 2),
                (1, 'z', 1),
                (1, 'z', 4)
            ]
        );
    }

    #[test]
    fn sorts_by_rank_and_keeps_ties_in_order() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by_rank(&mut items, |(r, _)| i128::from(*r));
        assert_eq!(items, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn newest_first_by_a_negated_moment() {
        use chrono::TimeZone;
        let at = |m| Utc.with_ymd_and_hms(2026, 11, 20, 8, m, 0).unwrap();
        let mut items = vec![at(5), at(40), at(12)];
        sort_by_rank(&mut items, |a| -at_rank(*a));
        assert_eq!(items, [at(40), at(12), at(5)]);
    }

    proptest! {
        /// The same order as the standard library's stable sort, for any list.
        #[test]
        fn agrees_with_the_stable_sort(list in prop::collection::vec((0_i8..6, any::<u16>()), 0..60)) {
            let mut ours = list.clone();
            sort_by_rank(&mut ours, |(k, _)| i128::from(*k));
            let mut std = list;
            std.sort_by_key(|(k, _)| *k);
            prop_assert_eq!(ours, std);
        }
    }
}
