//! The GitHub Actions workflows (`.github/workflows/`) cannot run here; this test keeps them
//! valid YAML, with the jobs and commands the course relies on, so a fork's CI starts green.

#[cfg(test)]
mod tests {
    use std::fs;

    use yaml_rust2::{Yaml, YamlLoader};

    fn workflow(name: &str) -> Yaml {
        let path = crate::workspace_root().join(".github/workflows").join(name);
        let text =
            fs::read_to_string(&path).unwrap_or_else(|e| panic!("读不到 {}：{e}", path.display()));
        let mut docs = YamlLoader::load_from_str(&text)
            .unwrap_or_else(|e| panic!("{} 不是合法的 YAML：{e}", path.display()));
        assert_eq!(docs.len(), 1, "{name} 应当只有一个 YAML 文档");
        docs.remove(0)
    }

    fn runs(job: &Yaml) -> Vec<String> {
        job["steps"]
            .as_vec()
            .expect("job 需要 steps 列表")
            .iter()
            .filter_map(|step| step["run"].as_str().map(str::to_owned))
            .collect()
    }

    #[test]
    fn ci_runs_the_readme_test_command_on_push_and_pull_request() {
        let ci = workflow("ci.yml");
        let on = &ci["on"];
        assert!(
            !on["push"].is_badvalue() && !on["pull_request"].is_badvalue(),
            "ci.yml 要在 push 和 pull_request 时运行"
        );
        let job = &ci["jobs"]["course"];
        assert!(!job.is_badvalue(), "ci.yml 需要名为 course 的 job");
        assert!(
            runs(job).iter().any(|r| r.contains(".ci/run")),
            "course job 要运行 .ci/run（与 README 的测试命令相同）"
        );
        let cached = job["steps"].as_vec().unwrap().iter().any(|step| {
            step["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
                && step["with"]["path"]
                    .as_str()
                    .is_some_and(|p| p.contains("message-passing-course"))
        });
        assert!(
            cached,
            "course job 要缓存 cargo 和安装好的工具（~/.cache/message-passing-course）"
        );
    }

    #[test]
    fn pages_builds_the_book_and_deploys_from_main() {
        let pages = workflow("pages.yml");
        let branches = pages["on"]["push"]["branches"]
            .as_vec()
            .expect("pages.yml 只在 push 到 main 时运行");
        assert_eq!(branches, &vec![Yaml::String("main".into())]);
        assert!(
            runs(&pages["jobs"]["build"])
                .iter()
                .any(|r| r.contains("cargo xtask book")),
            "build job 要用 cargo xtask book 构建书"
        );
        let deploy = &pages["jobs"]["deploy"];
        assert_eq!(
            deploy["needs"].as_str(),
            Some("build"),
            "deploy job 要在 build 之后"
        );
        assert!(
            deploy["steps"].as_vec().unwrap().iter().any(|s| s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/deploy-pages@"))),
            "deploy job 要用 actions/deploy-pages"
        );
    }
}
