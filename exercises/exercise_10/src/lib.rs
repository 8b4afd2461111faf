//! 练习 10：合并一组陆续关闭的通道
//!
//! 有若干个输入通道，个数到运行时才知道；每个通道的生产者发完自己的消息就 drop 它的
//! `Sender`，各自在不同的时刻。实现 [`merge`]：把所有输入合并成一个列表，每条消息标上
//! 它来自第几个输入，**按到达的先后**排列；所有输入都断开并取空之后返回。
//!
//! 要求：
//!
//! * 每条消息恰好出现一次，标记的来源正确；
//! * 同一个输入的消息保持它们的发送顺序；
//! * 一个输入断开之后，其余的输入照常接收；全部断开之后才返回；
//! * 等待时不空转（不要用 `try_recv` 轮询）。
//!
//! 运行测试：`cargo test -p exercise_10`

use crossbeam_channel::Receiver;

/// 合并 `inputs`：返回 `(来源下标, 消息)`，按到达顺序排列。
pub fn merge<T>(inputs: Vec<Receiver<T>>) -> Vec<(usize, T)> {
    // TODO: 输入的个数运行时才知道，select! 写不出来。用哪个类型动态地登记一组 recv 操作？
    // TODO: select() 选中一个操作之后，必须用哪个 Receiver 完成它？它的下标和 inputs 的下标有什么关系？
    // TODO: 一个输入断开之后，它的 recv 操作还会不会被选中？怎样把它拿掉？什么时候整个循环该结束？
    let _ = inputs;
    todo!("用 crossbeam_channel::Select 合并所有输入")
}

#[cfg(test)]
mod tests;
