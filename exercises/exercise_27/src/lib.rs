//! 练习 27：带关停的 `select!` 循环，取消安全地接收
//!
//! [`batch`] 从 `input` 收数，攒成批次发到 `output`：
//!
//! * 攒满 `max_batch` 条，立刻发出这一批；
//! * 每隔 `flush_every`，把攒了一部分的批次也发出去——一条消息进了 batcher 之后，
//!   最多等 `flush_every` 就会被发出；
//! * 不发空批次，也不发超过 `max_batch` 条的批次；
//! * `input` 的所有 Sender 都 drop 之后：发出剩下的，返回；
//! * `shutdown` 收到信号时：先关上 `input`（此后 send 都会失败），把已经在通道里的消息取完、
//!   发出，然后返回。每条 send 成功的消息都要恰好出现在输出里一次。
//!
//! 运行测试：`cargo test -p exercise_27`

use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// 把 `input` 里的数攒成批次发到 `output`，直到输入结束或收到关停信号。
pub async fn batch(
    input: mpsc::Receiver<u32>,
    output: mpsc::UnboundedSender<Vec<u32>>,
    shutdown: oneshot::Receiver<()>,
    max_batch: usize,
    flush_every: Duration,
) {
    // TODO: 一个 tokio::select! 循环，三个分支：收到一条消息、定时器响了、收到关停信号。
    // TODO: 攒了一半的批次放在哪里？select! 每一轮都会 drop（取消）输掉的分支：
    //       如果分支的 future 里存着已经取出的消息，它们会怎样？
    // TODO: 定时器每一轮新建一个 sleep(flush_every)，消息不断到来时它还会响吗？（看看 tokio::time::interval）
    // TODO: recv() 返回 None 说明什么？关停时，通道里还没取出的消息怎么办？（看看 Receiver::close）
    let _ = (input, output, shutdown, max_batch, flush_every);
    todo!("select! 循环：收消息、定时发出、关停")
}

#[cfg(test)]
mod tests;
