//! 练习 11：心跳看门狗
//!
//! `workers` 个工作线程（编号 `0..workers`）各自定期往同一个通道发送自己的编号，这就是
//! “心跳”。看门狗监视它们：一个工作线程如果连续超过 `limit` 没有心跳，就认为它卡住了。
//! 实现 [`watch`]：
//!
//! * 开始监视的那一刻，每个工作线程都算“刚刚见过”；
//! * 发现有工作线程沉默超过 `limit`，立即返回 [`Verdict::Silent`]，列出**此刻**所有沉默超过
//!   `limit` 的工作线程编号（从小到大）；
//! * 心跳通道断开（所有工作线程都结束了），返回 [`Verdict::AllFinished`]。
//!
//! 发现沉默不必分毫不差，晚一点点没关系：在 `limit` 之后不太久（比如 `limit / 4` 之内）
//! 报告即可。但不能提前报告，也不能因为别的工作线程还在跳就永远发现不了。
//!
//! 运行测试：`cargo test -p exercise_11`

use crossbeam_channel::Receiver;
use std::time::Duration;

/// 看门狗的结论。
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// 心跳通道断开了：所有工作线程都已结束。
    AllFinished,
    /// 这些工作线程（编号从小到大）已经沉默超过 `limit`。
    Silent(Vec<usize>),
}

/// 监视 `workers` 个工作线程的心跳，直到有人沉默超过 `limit`，或者所有工作线程都结束。
pub fn watch(heartbeats: &Receiver<usize>, workers: usize, limit: Duration) -> Verdict {
    // TODO: 每个工作线程最后一次心跳的时间记在哪里？一次都没跳过的工作线程，从什么时候开始算沉默？
    // TODO: 所有工作线程都沉默时，根本没有心跳到来——那么“检查有没有人沉默”由什么来触发？
    //       （crossbeam_channel 里哪个函数能定期送来一条消息？）
    // TODO: 心跳通道断开时，select! 的那一臂会得到什么？
    let _ = (heartbeats, workers, limit);
    todo!("用 select! 同时等待心跳和定期检查")
}

#[cfg(test)]
mod tests;
