//! 练习 02：等到“安静”或断开为止
//!
//! 实现 [`collect_until_quiet`]：不停地从通道接收消息，直到出现下面两种情况之一：
//!
//! * 通道**断开**：所有 `Sender` 都已 drop，而且缓冲区里的消息已经全部取完；
//! * 通道**安静**：`Sender` 还活着，但连续 `quiet` 这么长时间没有新消息。
//!
//! 返回收到的全部消息（按收到的顺序）以及结束的原因。
//! “安静”从最后一条消息算起；等待时阻塞，不空转。
//!
//! 运行测试：`cargo test -p exercise_02`

use std::sync::mpsc::Receiver;
use std::time::Duration;

/// 接收为什么停了下来。
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// 所有 Sender 都已 drop，缓冲区也已取空：以后不可能再有消息。
    Disconnected,
    /// Sender 还在，但等了 `quiet` 也没有等到下一条消息。
    Quiet,
}

/// 收集的结果。
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collected<T> {
    pub messages: Vec<T>,
    pub end: End,
}

/// 接收消息，直到通道断开或安静了 `quiet` 那么久。
pub fn collect_until_quiet<T>(rx: &Receiver<T>, quiet: Duration) -> Collected<T> {
    // TODO: 哪个接收方法可以“最多等一段时间”？它的错误类型有哪两种，各自对应哪个 End？
    // TODO: Sender 全部 drop 之后，缓冲区里已有的消息还能收到吗？
    let _ = (rx, quiet);
    todo!("循环接收，按错误类型决定如何结束")
}

#[cfg(test)]
mod tests;
