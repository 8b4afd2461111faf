//! Two small chart kinds written as plain SVG: grouped horizontal bars and lines, both on a
//! logarithmic value axis. Text uses `currentColor`, so a chart included inline in the book
//! follows the page's light or dark theme; the files contain no blank lines (an inline HTML
//! block in Markdown ends at the first blank line).

use std::fmt::Write as _;

/// Okabe–Ito colours: distinguishable with the common forms of colour blindness.
const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999", "#F0E442",
];

const WIDTH: f64 = 760.0;
const MARGIN: f64 = 16.0;
const FONT: f64 = 13.0;

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A logarithmic axis covering whole decades.
struct LogAxis {
    low: f64,
    high: f64,
    x0: f64,
    x1: f64,
}

impl LogAxis {
    fn new(values: impl Iterator<Item = f64>, x0: f64, x1: f64) -> LogAxis {
        let (mut min, mut max) = (f64::INFINITY, 0.0f64);
        for v in values.filter(|v| *v > 0.0 && v.is_finite()) {
            min = min.min(v);
            max = max.max(v);
        }
        if !min.is_finite() {
            (min, max) = (1.0, 10.0);
        }
        let low = min.log10().floor();
        let mut high = max.log10().ceil();
        if high <= low {
            high = low + 1.0;
        }
        LogAxis { low, high, x0, x1 }
    }

    fn pos(&self, value: f64) -> f64 {
        let t = (value.max(10f64.powf(self.low)).log10() - self.low) / (self.high - self.low);
        self.x0 + t * (self.x1 - self.x0)
    }

    fn decades(&self) -> impl Iterator<Item = f64> + '_ {
        (self.low as i32..=self.high as i32).map(|e| 10f64.powi(e))
    }
}

fn tick_label(value: f64) -> String {
    if value >= 1.0 {
        format!("{value:.0}")
    } else {
        let digits = (-value.log10()).round() as usize;
        format!("{value:.digits$}")
    }
}

fn open(out: &mut String, height: f64, title: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height:.0}\" \
         width=\"100%\" style=\"max-width:{WIDTH}px\" role=\"img\" aria-label=\"{t}\" \
         font-family=\"sans-serif\" font-size=\"{FONT}\" fill=\"currentColor\">\n<title>{t}</title>\n",
        t = escape(title)
    );
}

fn legend(out: &mut String, series: &[String], y: f64) -> f64 {
    let mut x = MARGIN;
    let mut y = y;
    for (i, name) in series.iter().enumerate() {
        let width = 22.0 + name.chars().map(char_width).sum::<f64>() + 16.0;
        if x + width > WIDTH - MARGIN {
            x = MARGIN;
            y += 20.0;
        }
        let _ = writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"14\" height=\"14\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            y - 11.0,
            PALETTE[i % PALETTE.len()],
            x + 20.0,
            y,
            escape(name)
        );
        x += width;
    }
    y
}

/// Rough width of a character at [`FONT`]: CJK characters are square, Latin ones narrower.
fn char_width(c: char) -> f64 {
    if c.is_ascii() {
        FONT * 0.6
    } else {
        FONT
    }
}

/// Horizontal bars: one group per row (its label above the bars), one bar per series.
/// `None` values are left out. `format` prints a value at the end of its bar.
pub fn bars(
    title: &str,
    axis_label: &str,
    series: &[String],
    rows: &[(String, Vec<Option<f64>>)],
    format: &dyn Fn(f64) -> String,
) -> String {
    let bar = 13.0;
    let gap = 3.0;
    let mut height = 40.0 + 20.0 * ((series.len() as f64) / 4.0).ceil();
    for (_, values) in rows {
        let n = values.iter().filter(|v| v.is_some()).count().max(1) as f64;
        height += 20.0 + n * (bar + gap) + 8.0;
    }
    height += 50.0;

    let mut out = String::new();
    open(&mut out, height, title);
    let _ = writeln!(
        out,
        "<text x=\"{MARGIN}\" y=\"20\" font-weight=\"bold\">{}</text>",
        escape(title)
    );
    let mut y = legend(&mut out, series, 42.0) + 16.0;
    let axis = LogAxis::new(
        rows.iter().flat_map(|(_, v)| v.iter().flatten().copied()),
        MARGIN,
        WIDTH - MARGIN - 70.0,
    );
    let top = y;
    for (label, values) in rows {
        y += 14.0;
        let _ = writeln!(
            out,
            "<text x=\"{MARGIN}\" y=\"{y:.1}\">{}</text>",
            escape(label)
        );
        y += 6.0;
        for (i, value) in values.iter().enumerate() {
            let Some(value) = *value else { continue };
            let end = axis.pos(value);
            let _ = writeln!(
                out,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bar}\" fill=\"{}\">\
                 <title>{}：{}</title></rect><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\">{}</text>",
                axis.x0,
                (end - axis.x0).max(1.0),
                PALETTE[i % PALETTE.len()],
                escape(&series[i]),
                escape(&format(value)),
                end + 4.0,
                y + bar - 2.0,
                escape(&format(value))
            );
            y += bar + gap;
        }
        y += 8.0;
    }
    let bottom = y;
    for decade in axis.decades() {
        let x = axis.pos(decade);
        let _ = writeln!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{top:.1}\" x2=\"{x:.1}\" y2=\"{bottom:.1}\" \
             stroke=\"currentColor\" stroke-opacity=\"0.25\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\">{}</text>",
            bottom + 14.0,
            tick_label(decade)
        );
    }
    let _ = writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        (axis.x0 + axis.x1) / 2.0,
        bottom + 34.0,
        escape(axis_label)
    );
    out.push_str("</svg>\n");
    out
}

/// Lines over categorical x positions (e.g. capacities), value axis logarithmic.
pub fn lines(
    title: &str,
    x_label: &str,
    y_label: &str,
    xs: &[String],
    series: &[(String, Vec<Option<f64>>)],
) -> String {
    let plot_height = 300.0;
    let legend_rows = ((series.len() as f64) / 3.0).ceil();
    let height = 86.0 + 20.0 * legend_rows + plot_height + 60.0;
    let mut out = String::new();
    open(&mut out, height, title);
    let _ = writeln!(
        out,
        "<text x=\"{MARGIN}\" y=\"20\" font-weight=\"bold\">{}</text>",
        escape(title)
    );
    let names: Vec<String> = series.iter().map(|(name, _)| name.clone()).collect();
    let top = legend(&mut out, &names, 42.0) + 36.0;
    let bottom = top + plot_height;
    let left = MARGIN + 50.0;
    let right = WIDTH - MARGIN - 10.0;
    // The value axis runs bottom to top: reuse the horizontal log axis on a flipped range.
    let axis = LogAxis::new(
        series.iter().flat_map(|(_, v)| v.iter().flatten().copied()),
        bottom,
        top,
    );
    for decade in axis.decades() {
        let y = axis.pos(decade);
        let _ = writeln!(
            out,
            "<line x1=\"{left:.1}\" y1=\"{y:.1}\" x2=\"{right:.1}\" y2=\"{y:.1}\" \
             stroke=\"currentColor\" stroke-opacity=\"0.25\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"11\">{}</text>",
            left - 6.0,
            y + 4.0,
            tick_label(decade)
        );
    }
    let step = (right - left) / (xs.len().max(2) - 1) as f64;
    let x_at = |i: usize| left + step * i as f64;
    for (i, label) in xs.iter().enumerate() {
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\">{}</text>",
            x_at(i),
            bottom + 16.0,
            escape(label)
        );
    }
    for (s, (name, values)) in series.iter().enumerate() {
        let colour = PALETTE[s % PALETTE.len()];
        let points: Vec<(f64, f64, f64)> = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (x_at(i), axis.pos(v), v)))
            .collect();
        let path: Vec<String> = points
            .iter()
            .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = writeln!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>",
            path.join(" ")
        );
        for (x, y, v) in points {
            let _ = writeln!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"{colour}\">\
                 <title>{}：{}</title></circle>",
                escape(name),
                crate::report::fmt_value(v)
            );
        }
    }
    let _ = writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\
         <text x=\"{MARGIN}\" y=\"{:.1}\" font-size=\"11\">{}</text>",
        (left + right) / 2.0,
        bottom + 40.0,
        escape(x_label),
        top - 14.0,
        escape(y_label)
    );
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_have_no_blank_lines_and_escape_their_text() {
        let rows = vec![
            ("Mutex<VecDeque>".to_owned(), vec![Some(0.5), None]),
            ("crossbeam".to_owned(), vec![Some(20.0), Some(300.0)]),
        ];
        let series = ["a".to_owned(), "b".to_owned()];
        let svg = bars("t", "x", &series, &rows, &|v| format!("{v}"));
        assert!(svg.starts_with("<svg "));
        assert!(!svg.contains("\n\n"));
        assert!(svg.contains("Mutex&lt;VecDeque&gt;"));
        let svg = lines("t", "x", "y", &series, &rows);
        assert!(!svg.contains("\n\n"));
    }

    #[test]
    fn the_log_axis_spans_whole_decades() {
        let axis = LogAxis::new([0.5, 30.0].into_iter(), 0.0, 300.0);
        assert_eq!(axis.decades().collect::<Vec<_>>(), [0.1, 1.0, 10.0, 100.0]);
        assert!((axis.pos(1.0) - 100.0).abs() < 1e-9);
    }
}
