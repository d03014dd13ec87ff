//! Chart geometry computed in Rust (scatter, line chart, histogram); the templates only draw
//! the shapes as inline SVG, so every label goes through the templates' escaping.

use serde::Serialize;

fn r1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// An axis tick.
#[derive(Debug, Clone, Serialize)]
pub struct Tick {
    pub pos: f64,
    pub label: String,
}

/// "Nice" tick values from 0 to at least `max`: steps of 1, 2 or 5 x 10^n, about `n` of them.
pub fn ticks(max: f64, n: usize) -> (f64, Vec<f64>) {
    let max = if max <= 0.0 { 1.0 } else { max };
    let raw = max / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
        .max(1.0);
    let top = (max / step).ceil() * step;
    let count = (top / step).round() as usize;
    (top, (0..=count).map(|i| i as f64 * step).collect())
}

/// One point of the churn-vs-complexity scatter.
#[derive(Debug, Clone, Serialize)]
pub struct Dot {
    pub cx: f64,
    pub cy: f64,
    pub r: f64,
    /// Text for the point's `<title>` and label.
    pub title: String,
    pub label: String,
    pub hot: bool,
    /// Where the label sits relative to the dot (scatter labels move to stay apart).
    pub label_dx: f64,
    pub label_dy: f64,
    /// `start` (label right of the dot) or `end` (left of it).
    pub label_anchor: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scatter {
    pub width: u32,
    pub height: u32,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
    pub x_label: String,
    pub y_label: String,
    pub dots: Vec<Dot>,
}

/// Input of one scatter point.
pub struct ScatterPoint {
    pub x: f64,
    pub y: f64,
    pub title: String,
    pub label: String,
    pub hot: bool,
}

pub fn scatter(points: Vec<ScatterPoint>, x_label: &str, y_label: &str) -> Scatter {
    let (w, h) = (560u32, 320u32);
    let (left, right, top, bottom) = (56.0, 540.0, 16.0, 280.0);
    let max_x = points.iter().map(|p| p.x).fold(0.0, f64::max);
    let max_y = points.iter().map(|p| p.y).fold(0.0, f64::max);
    // Headroom beyond the largest value, so no dot or label sits on the plot's edge.
    let (tx, xs) = ticks(max_x * 1.1, 6);
    let (ty, ys) = ticks(max_y * 1.1, 5);
    let px = |x: f64| r1(left + x / tx * (right - left));
    let py = |y: f64| r1(bottom - y / ty * (bottom - top));
    let mut dots: Vec<Dot> = points
        .into_iter()
        .map(|p| Dot {
            cx: px(p.x),
            cy: py(p.y),
            r: if p.hot { 6.0 } else { 4.0 },
            title: p.title,
            label: p.label,
            hot: p.hot,
            label_dx: 8.0,
            label_dy: -6.0,
            label_anchor: "start",
        })
        .collect();
    place_labels(&mut dots);
    Scatter {
        width: w,
        height: h,
        left,
        right,
        top,
        bottom,
        x_ticks: xs
            .iter()
            .map(|&v| Tick {
                pos: px(v),
                label: super::super::text::num(v, 1),
            })
            .collect(),
        y_ticks: ys
            .iter()
            .map(|&v| Tick {
                pos: py(v),
                label: super::super::text::num(v, 1),
            })
            .collect(),
        x_label: x_label.into(),
        y_label: y_label.into(),
        dots,
    }
}

/// Move each labelled dot's label to the first of a few places around it that does not
/// overlap a label placed before it (labels are short: `#1` .. `#5`).
fn place_labels(dots: &mut [Dot]) {
    const PLACES: [(f64, f64, &str); 6] = [
        (8.0, -6.0, "start"),
        (8.0, 14.0, "start"),
        (-8.0, -6.0, "end"),
        (-8.0, 14.0, "end"),
        (8.0, 28.0, "start"),
        (-8.0, 28.0, "end"),
    ];
    // Boxes of the labels placed so far: (x0, y0, x1, y1).
    let mut taken: Vec<(f64, f64, f64, f64)> = Vec::new();
    let bbox = |d: &Dot, (dx, dy, anchor): (f64, f64, &str)| {
        let width = 7.0 * d.label.chars().count() as f64;
        let x = d.cx + dx;
        let (x0, x1) = if anchor == "end" {
            (x - width, x)
        } else {
            (x, x + width)
        };
        let baseline = d.cy + dy;
        (x0, baseline - 11.0, x1, baseline + 2.0)
    };
    let overlaps = |a: (f64, f64, f64, f64), b: &(f64, f64, f64, f64)| {
        a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
    };
    for d in dots.iter_mut().filter(|d| !d.label.is_empty()) {
        let place = PLACES
            .iter()
            .copied()
            .find(|&p| !taken.iter().any(|t| overlaps(bbox(d, p), t)))
            .unwrap_or(PLACES[0]);
        taken.push(bbox(d, place));
        (d.label_dx, d.label_dy, d.label_anchor) = place;
    }
}

/// A line chart of one figure over snapshots.
#[derive(Debug, Clone, Serialize)]
pub struct LineChart {
    pub width: u32,
    pub height: u32,
    /// Solid runs between consecutive points with values.
    pub lines: Vec<String>,
    /// Dashed runs across a missing quarter (a gap in the trend).
    pub gap_lines: Vec<String>,
    pub dots: Vec<Dot>,
    /// Vertical markers where the tool version changed.
    pub markers: Vec<Tick>,
    pub min_label: String,
    pub max_label: String,
    pub baseline_y: f64,
}

/// Points `values` (one per snapshot, `None` where the snapshot lacks the figure) evenly spaced;
/// `gap_after[i]` marks a missing quarter between point i and i+1; `tool_changes` are indices.
pub fn line_chart(
    values: &[Option<f64>],
    labels: &[String],
    gap_after: &[bool],
    tool_changes: &[(usize, String)],
    fmt: &dyn Fn(f64) -> String,
) -> LineChart {
    let (w, h) = (260u32, 90u32);
    let (left, right, top, bottom) = (8.0, 252.0, 10.0, 74.0);
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let max = known.iter().copied().fold(f64::MIN, f64::max);
    let min = known.iter().copied().fold(f64::MAX, f64::min);
    let (lo, hi) = if known.is_empty() {
        (0.0, 1.0)
    } else if (max - min).abs() < f64::EPSILON {
        (min - 1.0, max + 1.0)
    } else {
        (min, max)
    };
    let n = values.len().max(1);
    let px = |i: usize| {
        if n == 1 {
            r1((left + right) / 2.0)
        } else {
            r1(left + i as f64 / (n - 1) as f64 * (right - left))
        }
    };
    let py = |v: f64| r1(bottom - (v - lo) / (hi - lo) * (bottom - top));
    let mut lines = Vec::new();
    let mut gap_lines = Vec::new();
    let mut current = String::new();
    for i in 0..values.len() {
        match values[i] {
            Some(v) => {
                let crosses_gap = i > 0 && gap_after.get(i - 1).copied().unwrap_or(false);
                if crosses_gap && !current.is_empty() {
                    if let Some(prev) = values[i - 1] {
                        gap_lines.push(format!("M{} {} L{} {}", px(i - 1), py(prev), px(i), py(v)));
                    }
                    lines.push(std::mem::take(&mut current));
                }
                if current.is_empty() {
                    current = format!("M{} {}", px(i), py(v));
                } else {
                    current.push_str(&format!(" L{} {}", px(i), py(v)));
                }
            }
            None => {
                if !current.is_empty() {
                    lines.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    let dots = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            v.map(|v| Dot {
                cx: px(i),
                cy: py(v),
                r: 3.0,
                title: format!(
                    "{}: {}",
                    labels.get(i).map(String::as_str).unwrap_or(""),
                    fmt(v)
                ),
                label: fmt(v),
                hot: i + 1 == values.len(),
                label_dx: 0.0,
                label_dy: 0.0,
                label_anchor: "start",
            })
        })
        .collect();
    LineChart {
        width: w,
        height: h,
        lines,
        gap_lines,
        dots,
        markers: tool_changes
            .iter()
            .map(|(i, label)| Tick {
                pos: px(*i),
                label: label.clone(),
            })
            .collect(),
        min_label: if known.is_empty() {
            String::new()
        } else {
            fmt(min)
        },
        max_label: if known.is_empty() {
            String::new()
        } else {
            fmt(max)
        },
        baseline_y: bottom,
    }
}

/// One bar of a histogram.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub label: String,
    pub count: u64,
    pub label_x: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Histogram {
    pub width: u32,
    pub height: u32,
    pub bottom: f64,
    pub bars: Vec<Bar>,
}

/// Bars for `(label, count)` bins, heights scaled to the largest bin.
pub fn histogram(bins: &[(String, u64)]) -> Histogram {
    let (w, h) = (480u32, 220u32);
    let (left, right, top, bottom) = (20.0, 460.0, 22.0, 190.0);
    let max = bins.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    let slot = (right - left) / bins.len().max(1) as f64;
    Histogram {
        width: w,
        height: h,
        bottom,
        bars: bins
            .iter()
            .enumerate()
            .map(|(i, (label, count))| {
                let bh = r1(*count as f64 / max * (bottom - top));
                let x = r1(left + i as f64 * slot + slot * 0.1);
                Bar {
                    x,
                    y: r1(bottom - bh),
                    w: r1(slot * 0.8),
                    h: bh,
                    label: label.clone(),
                    count: *count,
                    label_x: r1(x + slot * 0.4),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(x: f64, y: f64, label: &str) -> ScatterPoint {
        ScatterPoint {
            x,
            y,
            title: label.into(),
            label: label.into(),
            hot: !label.is_empty(),
        }
    }

    #[test]
    fn scatter_keeps_dots_off_the_edge_and_labels_apart() {
        // Every file changed once: without headroom all dots would sit on the right edge.
        let c = scatter(
            vec![
                point(1.0, 24.0, "#1"),
                point(1.0, 23.0, "#2"),
                point(1.0, 13.0, "#3"),
                point(1.0, 13.0, "#4"),
                point(1.0, 12.0, ""),
            ],
            "commits",
            "complexity",
        );
        assert!(c.dots.iter().all(|d| d.cx < c.right - 20.0), "{:?}", c.dots);
        assert!(c.dots.iter().all(|d| d.cy > c.top + 10.0));
        let boxes: Vec<(f64, f64)> = c
            .dots
            .iter()
            .filter(|d| !d.label.is_empty())
            .map(|d| (d.cx + d.label_dx, d.cy + d.label_dy))
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(
                    (a.0 - b.0).abs() >= 14.0 || (a.1 - b.1).abs() >= 13.0,
                    "labels at {a:?} and {b:?} overlap"
                );
            }
        }
        // The first label keeps the usual place: right of and above its dot.
        assert_eq!((c.dots[0].label_dx, c.dots[0].label_dy), (8.0, -6.0));
    }

    #[test]
    fn ticks_are_round_steps_covering_the_maximum() {
        assert_eq!(
            ticks(41.0, 6),
            (50.0, vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0])
        );
        assert_eq!(ticks(3.0, 6).0, 3.0);
        assert_eq!(ticks(0.0, 5), (1.0, vec![0.0, 1.0]));
    }

    #[test]
    fn a_missing_value_breaks_the_line_and_a_gap_is_dashed() {
        let labels: Vec<String> = ["Q1", "Q2", "Q3", "Q4"].map(String::from).to_vec();
        let c = line_chart(
            &[Some(1.0), None, Some(2.0), Some(3.0)],
            &labels,
            &[false, false, false],
            &[],
            &|v| v.to_string(),
        );
        assert_eq!(c.lines.len(), 2);
        assert_eq!(c.dots.len(), 3);
        let c = line_chart(
            &[Some(1.0), Some(2.0), Some(3.0)],
            &labels,
            &[true, false],
            &[(2, "0.2.0".into())],
            &|v| v.to_string(),
        );
        assert_eq!(c.gap_lines, vec!["M8 74 L130 42".to_string()]);
        assert_eq!(
            c.lines,
            vec!["M8 74".to_string(), "M130 42 L252 10".to_string()]
        );
        assert_eq!(c.markers.len(), 1);
    }
}
