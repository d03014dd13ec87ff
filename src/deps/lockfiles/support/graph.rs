//! Reachability over a lockfile's package graph: which packages only development dependencies
//! pull in.

/// For each node, whether it is reachable from a dev root but from no prod root (edges are
/// indices into the same node list; indices out of range are ignored).
pub fn dev_only(edges: &[Vec<usize>], prod_roots: &[usize], dev_roots: &[usize]) -> Vec<bool> {
    let prod = reachable(edges, prod_roots);
    let dev = reachable(edges, dev_roots);
    prod.iter().zip(&dev).map(|(&p, &d)| d && !p).collect()
}

/// The nodes reachable from `roots`, roots included.
pub fn reachable(edges: &[Vec<usize>], roots: &[usize]) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut stack: Vec<usize> = roots.iter().copied().filter(|&r| r < edges.len()).collect();
    while let Some(node) = stack.pop() {
        if std::mem::replace(&mut seen[node], true) {
            continue;
        }
        for &next in &edges[node] {
            if next < edges.len() && !seen[next] {
                stack.push(next);
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_packages_are_not_dev_only() {
        // 0 -> 1 -> 2, 3 -> 2, 3 -> 4, cycle 4 -> 3; prod root 0, dev root 3.
        let edges = vec![vec![1], vec![2], vec![], vec![2, 4], vec![3], vec![]];
        assert_eq!(
            dev_only(&edges, &[0], &[3]),
            vec![false, false, false, true, true, false]
        );
        assert_eq!(
            reachable(&edges, &[9, 1]),
            vec![false, true, true, false, false, false]
        );
    }
}
