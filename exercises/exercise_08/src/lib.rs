//! 练习 08：会让上游慢下来的流水线阶段
//!
//! 实现 [`spawn_stage`]：启动一个线程，从 `input` 逐条取出消息，用 `f` 处理，把结果
//! 发进一个容量为 `capacity` 的有界通道。几个阶段首尾相连就是一条流水线；下游一慢，
//! 背压应当一级一级传回源头，而不是让消息堆积在某个阶段里。
//!
//! 运行测试：`cargo test -p exercise_08`

use crossbeam_channel::Receiver;
use std::thread::JoinHandle;

/// 启动一个流水线阶段，返回 `(输出端, 线程句柄)`；线程结束时给出成功发出的条数。
///
/// * 输出与输入顺序相同，每条输入恰好处理一次。
/// * 下游不取，阶段就停下：它最多领先下游 `capacity + 1` 条（通道里 `capacity` 条，
///   手里 1 条），在此之前不再从 `input` 取新消息。
/// * `input` 断开：处理完已收到的消息后结束，输出端随之断开。
/// * 输出端被 drop：立即结束（不 panic），并丢下 `input`，让上游也知道没人要了。
/// * 上游暂时没有消息时阻塞等待，不空转。
pub fn spawn_stage<T, U, F>(
    input: Receiver<T>,
    capacity: usize,
    f: F,
) -> (Receiver<U>, JoinHandle<usize>)
where
    T: Send + 'static,
    U: Send + 'static,
    F: FnMut(T) -> U + Send + 'static,
{
    // TODO: 输出用哪种通道，才能让下游不取时 send 停下来等？容量从哪里来？
    // TODO: 为什么不能先把 input 里的消息全部收进一个 Vec 再处理？
    // TODO: send 返回 Err 意味着什么？线程结束时，它拥有的 input 会怎样？
    let _ = (input, capacity, f);
    todo!("有界的输出通道 + 一个逐条处理的线程")
}

#[cfg(test)]
mod tests;
