//! 练习 04：多个工作线程，一个收集者
//!
//! 实现 [`parallel_map`]：把 `inputs` 分给 `workers` 个工作线程，每个线程对自己分到的
//! 元素调用 `f`，经**同一个** mpsc 通道把结果发回；调用者收集全部结果，并按**输入顺序**
//! 返回。如果 `f` 在某个工作线程里 panic 了，`parallel_map` 也要 panic，而不是返回一个
//! 缺了结果的 `Vec`。
//!
//! 运行测试：`cargo test -p exercise_04`

/// 用 `workers` 个线程并行计算 `inputs.iter().map(f)`，结果顺序与输入相同。
///
/// 工作线程同时运行；`workers` 为 0 时按 1 个处理。每个元素恰好计算一次。
/// `f` panic 时，本函数也 panic。
pub fn parallel_map(inputs: Vec<u64>, workers: usize, f: fn(u64) -> u64) -> Vec<u64> {
    // TODO: 每个工作线程都需要一个 Sender——从哪里来？
    // TODO: 结果到达的顺序不确定：消息里带上什么，才能把结果放回原来的位置？
    // TODO: `for msg in rx` 什么时候结束？原始的那个 Sender 现在在谁手里？
    // TODO: 某个工作线程 panic 了，它的结果永远不会来：收完之后，你怎样发现少了结果？
    let _ = (inputs, workers, f);
    todo!("分发输入，启动工作线程，按下标收集结果")
}

#[cfg(test)]
mod tests;
