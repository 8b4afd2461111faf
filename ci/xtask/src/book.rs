//! Builds the book (HTML plus the link checker, whose warnings are errors in `book.toml`) and
//! then reads the rendered pages: mdBook exits 0 even when an `{{#include}}` fails or a
//! preprocessor is silently skipped, so the exit code alone proves little.

use std::ffi::OsStr;
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::{markdown::markdown_files, run, tools};

pub fn build(root: &Path, path: &OsStr) -> Result<(), String> {
    crate::terms::check(root)?; // one term per idea (src/appendix/glossary.md)
    let mut mdbook = Command::new(tools::MDBOOK.bin);
    mdbook.arg("build").current_dir(root).env("PATH", path);
    run(&mut mdbook)?;

    let src = root.join("src");
    let html = root.join("book/html");
    let mut problems = Vec::new();
    let mut pages = 0;
    for page in markdown_files(&src) {
        let relative = page.strip_prefix(&src).unwrap();
        if relative == Path::new("SUMMARY.md") {
            continue;
        }
        let rendered = html.join(relative).with_extension("html");
        let Ok(output) = fs::read_to_string(&rendered) else {
            problems.push(format!(
                "src/{} is not in SUMMARY.md or did not render (no {})",
                relative.display(),
                rendered.display()
            ));
            continue;
        };
        pages += 1;
        let source = fs::read_to_string(&page).unwrap_or_default();
        if output.contains("{{#include") || output.contains("{{#rustdoc_include") {
            problems.push(format!(
                "src/{}: an {{{{#include}}}} was not expanded (wrong path or anchor?)",
                relative.display()
            ));
        }
        problems.extend(broken_fragments(&html, &rendered, &output));
        let diagrams = source.matches("```mermaid").count();
        let rendered_diagrams = output.matches("<pre class=\"mermaid\">").count();
        if diagrams != rendered_diagrams {
            problems.push(format!(
                "src/{}: {diagrams} mermaid diagram(s) in the source, {rendered_diagrams} rendered \
                 (is the mermaid preprocessor configured?)",
                relative.display()
            ));
        }
    }
    problems.extend(crate::print_check::problems(root));
    if problems.is_empty() {
        eprintln!(
            "book: {pages} pages rendered, includes expanded, diagrams and #anchors in place"
        );
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// Links to `page.html#heading` whose heading does not exist: the link checker checks files,
/// not fragments, and a renamed heading silently breaks them.
fn broken_fragments(html_root: &Path, page: &Path, output: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for href in attribute_values(output, "href=\"") {
        if href.contains("://") || href.starts_with("mailto:") {
            continue;
        }
        let Some((file, fragment)) = href.split_once('#') else {
            continue;
        };
        let target = if file.is_empty() {
            page.to_path_buf()
        } else {
            page.parent().unwrap_or(html_root).join(file)
        };
        let Ok(text) = fs::read_to_string(&target) else {
            continue; // a missing file is the link checker's to report
        };
        if !attribute_values(&text, "id=\"").any(|id| id == fragment) {
            problems.push(format!(
                "{}: link to {href}, but that page has no heading with id `{fragment}`",
                page.strip_prefix(html_root).unwrap_or(page).display()
            ));
        }
    }
    problems
}

/// The values of every `name="…"` attribute in an HTML text.
fn attribute_values<'a>(html: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    html.split(name)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
}
