//! 练习 07：按节拍转发
//!
//! 下游服务每隔 `interval` 最多只能接受一条消息。实现 [`forward_paced`]：把 `input`
//! 收到的每条消息原样、按原来的顺序转发到 `output`，并用 `crossbeam_channel::tick`
//! 打拍子，让转发的速度不超过每 `interval` 一条。
//!
//! 运行测试：`cargo test -p exercise_07`

use crossbeam_channel::{Receiver, Sender};
use std::time::Duration;

/// 按节拍把 `input` 的消息转发到 `output`，返回成功转发的条数。
///
/// * 每条消息恰好转发一次，顺序不变。
/// * 从开始算起，第 `k` 条消息（从 0 数）不早于 `k × interval` 转发。
///   空闲时错过的节拍不能攒起来：空闲之后到来的一批消息，仍然按节拍一条一条地发。
/// * `input` 断开（所有 `Sender` 都已 drop，缓冲区也已取空）时返回。
/// * `output` 断开（接收端已 drop）时立即返回，不 panic。
/// * 每条消息只等一拍，不额外等待；等待 `input` 时阻塞，不空转。
pub fn forward_paced<T>(input: Receiver<T>, output: Sender<T>, interval: Duration) -> usize {
    // TODO: `tick(interval)` 返回的接收端多久给一条消息？转发器空闲时，错过的节拍会攒起来吗？
    // TODO: tick 通道永远不会断开。你的循环应当由哪个通道的断开来结束？
    // TODO: `output.send` 返回 `Err` 说明什么？这时还有必要继续从 `input` 接收吗？
    let _ = (input, output, interval);
    todo!("每转发一条消息之前，先等一拍")
}

#[cfg(test)]
mod tests;
