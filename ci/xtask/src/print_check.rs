//! Checks on the rendered book as a whole, run by `book::build`:
//!
//! * `print.html` (the one-page version a learner prints or saves for offline reading) contains
//!   every page: each heading of each rendered page appears in it;
//! * the book needs no network to be read: no page loads a script, stylesheet or font from
//!   another host (mdBook bundles its own; the mermaid script is `assets/mermaid.min.js`).

use std::fs;
use std::path::Path;

use crate::markdown::markdown_files;

pub fn problems(root: &Path) -> Vec<String> {
    let src = root.join("src");
    let html = root.join("book/html");
    let Ok(print) = fs::read_to_string(html.join("print.html")) else {
        return vec![
            "book/html/print.html was not written (is output.html.print disabled?)".into(),
        ];
    };
    let print_text = text_of(&print);
    let mut problems = Vec::new();
    let mut headings = 0;
    for page in markdown_files(&src) {
        let relative = page.strip_prefix(&src).unwrap_or(&page);
        if relative == Path::new("SUMMARY.md") {
            continue;
        }
        let Ok(output) = fs::read_to_string(html.join(relative).with_extension("html")) else {
            continue; // book::build reports pages that did not render
        };
        problems.extend(remote_resources(relative, &output));
        for heading in headings_of(&output) {
            headings += 1;
            if !print_text.contains(&heading) {
                problems.push(format!(
                    "print.html lacks the heading “{heading}” of src/{} (is the page in SUMMARY.md?)",
                    relative.display()
                ));
            }
        }
    }
    problems.extend(remote_resources(Path::new("print.html"), &print));
    problems.extend(exercise_pages(&src));
    if problems.is_empty() {
        eprintln!(
            "book: print.html holds all {headings} headings; nothing is loaded from the network"
        );
    }
    problems
}

/// Every chapter page that includes an exercise's README links to that exercise's solution page
/// and shows the status command; every solution page includes its solution crate's code.
fn exercise_pages(src: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for page in markdown_files(src) {
        let relative = page
            .strip_prefix(src)
            .unwrap_or(&page)
            .display()
            .to_string();
        let text = fs::read_to_string(&page).unwrap_or_default();
        let mut includes_readme = false;
        for rest in text.split("exercises/exercise_").skip(1) {
            let Some(number) = rest.strip_suffix_readme() else {
                continue;
            };
            includes_readme = true;
            if !text.contains(&format!("solutions/exercise-{number}.md")) {
                problems.push(format!(
                    "src/{relative}: includes exercise {number} but does not link to ../solutions/exercise-{number}.md"
                ));
            }
            let solution = src.join(format!("solutions/exercise-{number}.md"));
            let code = format!("solutions/solution_{number}/src/");
            if !fs::read_to_string(&solution).is_ok_and(|s| s.contains(&code) && s.contains("{{#"))
            {
                problems.push(format!(
                    "src/solutions/exercise-{number}.md must include the solution's code from {code} with {{{{#include}}}} or {{{{#rustdoc_include}}}}"
                ));
            }
        }
        if includes_readme && !text.contains("cargo xtask progress") {
            problems.push(format!(
                "src/{relative}: an exercises page shows the status command `cargo xtask progress`"
            ));
        }
    }
    problems
}

trait ReadmeInclude {
    fn strip_suffix_readme(&self) -> Option<&str>;
}

impl ReadmeInclude for str {
    /// `07` from `07/README.md}}…`.
    fn strip_suffix_readme(&self) -> Option<&str> {
        let (number, rest) = self.split_once('/')?;
        (rest.starts_with("README.md") && number.bytes().all(|b| b.is_ascii_digit()))
            .then_some(number)
    }
}

/// The text of every `<h1 id=…>`/`<h2 id=…>` heading in a page's content.
fn headings_of(html: &str) -> Vec<String> {
    let mut headings = Vec::new();
    for tag in ["<h1 id=\"", "<h2 id=\""] {
        for rest in html.split(tag).skip(1) {
            let close = &tag[..3].replace('<', "</");
            let Some((inner, _)) = rest.split_once(&format!("{close}>")) else {
                continue;
            };
            let inner = inner.split_once('>').map_or(inner, |(_, text)| text);
            let text = text_of(inner);
            if !text.is_empty() {
                headings.push(text);
            }
        }
    }
    headings
}

/// Tags removed and whitespace collapsed; entities are left as mdBook wrote them.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Scripts, stylesheets and fonts fetched from another host.
fn remote_resources(page: &Path, html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (open, attribute) in [
        ("<script", "src=\""),
        ("<link", "href=\""),
        ("<img", "src=\""),
    ] {
        for element in html.split(open).skip(1) {
            let element = element.split('>').next().unwrap_or_default();
            let Some(url) = element
                .split(attribute)
                .nth(1)
                .and_then(|rest| rest.split('"').next())
            else {
                continue;
            };
            if url.starts_with("http:") || url.starts_with("https:") || url.starts_with("//") {
                problems.push(format!(
                    "{}: {open}> loads {url} from the network; the book must read offline",
                    page.display()
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_read_without_their_anchor_markup() {
        let page = r##"<h1 class="menu-title">书名</h1><h1 id="a"><a class="header" href="#a">第 7 章练习</a></h1>
<h2 id="b"><a class="header" href="#b">参考   资料</a></h2>"##;
        assert_eq!(headings_of(page), ["第 7 章练习", "参考 资料"]);
    }

    #[test]
    fn remote_scripts_are_reported() {
        let page = r#"<script src="book.js"></script><script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="css/a.css">"#;
        let problems = remote_resources(Path::new("p.html"), page);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("https://cdn.example/x.js"));
    }
}
