//! 练习 09：截止时间之前的回复
//!
//! 调用者向好几个服务同时发出了请求，回复经同一个通道陆续到达。它愿意等，但不能无限地等。
//! 实现 [`gather`]：从 `replies` 接收回复，直到下面两件事之一先发生：
//!
//! * **截止时间到了**：从调用 `gather` 起已经过了 `within`。返回到此为止收到的回复，
//!   结束原因是 [`End::Deadline`]；
//! * **所有回复者都结束了**：通道断开，缓冲区也已取空。不必再等，立即返回，
//!   结束原因是 [`End::AllDone`]。
//!
//! 截止时间是**整体**的：收到一条回复并不会让它往后推。
//!
//! 运行测试：`cargo test -p exercise_09`

use crossbeam_channel::Receiver;
use std::time::Duration;

/// 收集为什么停了下来。
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// 所有回复者都已结束（通道断开、缓冲区已空）：不可能再有回复了。
    AllDone,
    /// 截止时间到了，可能还有回复者没有回复。
    Deadline,
}

/// 收集的结果：按到达顺序排列的回复，以及结束的原因。
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gathered<T> {
    pub replies: Vec<T>,
    pub end: End,
}

/// 收集回复，直到截止时间（从调用时算起 `within`）或者所有回复者都结束。
pub fn gather<T>(replies: &Receiver<T>, within: Duration) -> Gathered<T> {
    // TODO: 哪个函数创建“到点才就绪”的通道？它应当在循环外面创建一次，还是每轮循环都创建一个？
    //       收到一条回复之后，截止时间会不会因此往后推？
    // TODO: select! 里接收回复的那一臂得到 Err，意味着什么？这时还有必要等到截止时间吗？
    let _ = (replies, within);
    todo!("用 select! 同时等待回复和截止时间")
}

#[cfg(test)]
mod tests;
