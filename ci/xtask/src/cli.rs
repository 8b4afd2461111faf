//! The task runner's command line (clap derive). Help text is Chinese, like the book; command
//! and flag names are plain English words so shells can complete them.

use clap::{Parser, Subcommand};

/// 《Rust 消息传递实战》的任务工具：看书、做练习、跑检查。
#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    disable_help_subcommand = true,
    after_help = "先运行 `cargo xtask progress` 看看下一题做什么；\
                  每个命令都有 `--help`，例如 `cargo xtask hint --help`。"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand, PartialEq, Eq)]
pub enum Command {
    /// 在本机 127.0.0.1 上打开这本书（首次运行会安装 mdBook，只装看书需要的工具）
    Serve {
        /// 端口
        #[arg(default_value_t = 3000)]
        port: u16,
    },
    /// 运行 CI 检查的全部内容（格式、clippy、测试、代码片段、练习、书与浏览器检查）
    Test,
    /// 检查每个练习：起始代码能编译但测试失败，参考答案通过且干净
    Exercises,
    /// 构建这本书，并检查链接、图表和 print.html
    Book,
    /// 在无头 Chromium 里检查构建好的书（仅 Linux；先运行 `cargo xtask book`）
    Browser,
    /// 运行第 8 章的基准测试（约 15 分钟）并重新生成 benches/results/
    Bench {
        /// 每个基准只跑很短时间，结果写到 target/bench/smoke/，不改动书
        #[arg(long)]
        smoke: bool,
    },
    /// 证明练习的测试能拒绝 ci/wrong-answers/ 里的每个错误答案（默认检查全部练习）
    WrongAnswers {
        /// 练习编号，如 07 或 exercise_07
        #[arg(value_name = "NN", value_parser = exercise_word)]
        exercises: Vec<String>,
        /// 重复几轮（检查结果是否稳定）
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        repeat: u32,
    },
    /// 查看学习进度：每个练习的状态、完成比例和下一题
    Progress,
    /// 显示某个练习的下一条提示（一次一条，会记住已经看过几条）
    Hint {
        /// 练习编号，如 07
        #[arg(value_name = "NN", value_parser = exercise_word)]
        exercise: String,
    },
    /// 盯住当前练习：文件一改就重跑测试，通过后自动进入下一题（Ctrl-C 退出）
    Watch {
        /// 从哪个练习开始（默认：第一个还没完成的）
        #[arg(value_name = "NN", value_parser = exercise_word)]
        exercise: Option<String>,
    },
    /// 把某个练习恢复成起始代码（会先询问）
    Reset {
        /// 练习编号，如 07
        #[arg(value_name = "NN", value_parser = exercise_word)]
        exercise: String,
        /// 不询问，直接恢复
        #[arg(long, short)]
        yes: bool,
    },
}

/// Accepts `7`, `07` or `exercise_07`; anything else is a usage error with a Chinese hint.
fn exercise_word(word: &str) -> Result<String, String> {
    let digits = word.trim_start_matches("exercise_");
    if !digits.is_empty() && digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(word.to_owned())
    } else {
        Err("练习编号是数字，例如 07 或 exercise_07".to_owned())
    }
}

pub fn parse() -> Command {
    Cli::parse().command
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(words: &[&str]) -> Result<Command, clap::Error> {
        Cli::try_parse_from(std::iter::once("cargo xtask").chain(words.iter().copied()))
            .map(|cli| cli.command)
    }

    #[test]
    fn every_existing_command_and_flag_still_parses() {
        assert_eq!(parse(&["serve"]).unwrap(), Command::Serve { port: 3000 });
        assert_eq!(
            parse(&["serve", "8080"]).unwrap(),
            Command::Serve { port: 8080 }
        );
        assert_eq!(parse(&["test"]).unwrap(), Command::Test);
        assert_eq!(parse(&["exercises"]).unwrap(), Command::Exercises);
        assert_eq!(parse(&["book"]).unwrap(), Command::Book);
        assert_eq!(parse(&["browser"]).unwrap(), Command::Browser);
        assert_eq!(parse(&["bench"]).unwrap(), Command::Bench { smoke: false });
        assert_eq!(
            parse(&["bench", "--smoke"]).unwrap(),
            Command::Bench { smoke: true }
        );
        assert_eq!(
            parse(&["wrong-answers"]).unwrap(),
            Command::WrongAnswers {
                exercises: vec![],
                repeat: 1
            }
        );
        assert_eq!(
            parse(&["wrong-answers", "07", "exercise_13", "--repeat", "5"]).unwrap(),
            Command::WrongAnswers {
                exercises: vec!["07".into(), "exercise_13".into()],
                repeat: 5
            }
        );
    }

    #[test]
    fn learner_commands_parse() {
        assert_eq!(parse(&["progress"]).unwrap(), Command::Progress);
        assert_eq!(
            parse(&["hint", "7"]).unwrap(),
            Command::Hint {
                exercise: "7".into()
            }
        );
        assert_eq!(
            parse(&["watch"]).unwrap(),
            Command::Watch { exercise: None }
        );
        assert_eq!(
            parse(&["watch", "03"]).unwrap(),
            Command::Watch {
                exercise: Some("03".into())
            }
        );
        assert_eq!(
            parse(&["reset", "03", "--yes"]).unwrap(),
            Command::Reset {
                exercise: "03".into(),
                yes: true
            }
        );
    }

    #[test]
    fn usage_errors_are_errors_not_panics() {
        for words in [
            &["bench", "--fast"][..],
            &["wrong-answers", "--repeat", "0"],
            &["wrong-answers", "--repeat"],
            &["hint"],
            &["hint", "seven"],
            &["reset", "x1"],
            &["serve", "not-a-port"],
            &["no-such-command"],
        ] {
            assert!(
                parse(words).is_err(),
                "`{}` 应当是用法错误",
                words.join(" ")
            );
        }
        let message = parse(&["hint", "seven"]).unwrap_err().to_string();
        assert!(message.contains("练习编号是数字"), "{message}");
    }

    #[test]
    fn help_is_chinese_for_every_command() {
        use clap::CommandFactory;
        let mut command = Cli::command();
        command.build();
        for sub in command.get_subcommands() {
            let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
            assert!(
                about
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "`{}` 的帮助不是中文：{about:?}",
                sub.get_name()
            );
        }
    }
}
