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
    if problems.is_empty() {
        eprintln!(
            "book: print.html holds all {headings} headings; nothing is loaded from the network"
        );
    }
    problems
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
