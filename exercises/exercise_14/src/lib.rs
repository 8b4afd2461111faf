//! 练习 14：三段流水线
//!
//! 实现 [`spawn_pipeline`]：三个线程、三条容量为 `capacity` 的有界通道，
//!
//! ```text
//! 源头（给每行编行号）→ 解析（parse）→ 平方（square）→ 返回给调用者的 Receiver
//! ```
//!
//! * 每一行的结果按输入顺序出现在输出端；坏行变成 `Err(LineError)`，留在它原来的位置，
//!   后面的行照常处理。
//! * 输入读完后，所有线程依次结束，输出端的迭代随之结束。
//! * 调用者 drop 输出端之后，所有线程也要依次结束，源头不再读输入。
//! * 任何时候，源头领先调用者的行数都受通道容量限制（背压）。
//!
//! 运行测试：`cargo test -p exercise_14`

use crossbeam_channel::Receiver;

/// 一行处理失败的原因。行号从 0 数起。
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    /// 这一行不是整数。
    NotANumber { line: usize, text: String },
    /// 这一行的数平方后超出了 `i64` 的范围。
    Overflow { line: usize },
}

/// 第二段（解析）要做的事。已经写好了。
pub fn parse(line: usize, text: &str) -> Result<i64, LineError> {
    text.trim().parse().map_err(|_| LineError::NotANumber {
        line,
        text: text.to_string(),
    })
}

/// 第三段（平方）要做的事。已经写好了。
pub fn square(line: usize, n: i64) -> Result<i64, LineError> {
    n.checked_mul(n).ok_or(LineError::Overflow { line })
}

/// 启动三段流水线，返回输出端。
pub fn spawn_pipeline<I>(lines: I, capacity: usize) -> Receiver<Result<i64, LineError>>
where
    I: IntoIterator<Item = String>,
    I::IntoIter: Send + 'static,
{
    // TODO: 三条通道该用 bounded 还是 unbounded？哪一种能让慢的下游拖住上游？
    // TODO: 平方这一段需要知道行号（Overflow 要报告它）：解析这一段往下游发送什么类型？
    //       解析失败的行怎样穿过平方这一段，原样到达输出端？
    // TODO: 每个 Sender 由谁持有？一段的线程结束时，它的 Sender 怎样把“结束”告诉下一段？
    // TODO: 调用者 drop 了输出端，最后一段的 send 会返回什么？它该怎么做，才能让上游也停下来？
    let _ = (lines, capacity);
    todo!("启动源头、解析、平方三个线程，用有界通道连起来")
}

#[cfg(test)]
mod tests;
