//! 练习 06：借用数据的工作线程（`thread::scope`）
//!
//! 实现 [`word_frequencies`]：把 `texts` 分给 `workers` 个线程，每个线程统计自己那部分
//! 文本的词频（按空白分词、转成小写），把**部分结果**（一个 `HashMap`）经通道发回；
//! 调用者合并所有部分结果。
//!
//! 注意参数是借来的 `&[&str]`：`thread::spawn` 要求 `'static`，用不了它们。
//! 用作用域线程，就能直接借用，不必复制文本。`workers` 为 0 时按 1 个处理。
//!
//! 运行测试：`cargo test -p exercise_06`

use std::collections::HashMap;

/// 并行统计词频：按空白分词，转成小写后计数。
pub fn word_frequencies(texts: &[&str], workers: usize) -> HashMap<String, usize> {
    // TODO: 哪个 API 能启动可以借用 `texts` 的线程？它在什么时候等待这些线程结束？
    // TODO: 在作用域里接收结果，还是在作用域之后？两种写法下，原始 Sender 分别要怎么处理？
    let _ = (texts, workers);
    todo!("在作用域线程里统计，经通道发回部分结果，再合并")
}

#[cfg(test)]
mod tests;
