//! 练习 01：把工作交给另一个线程
//!
//! 实现 [`spawn_uppercaser`]：启动一个工作线程，它从输入通道接收 `String`，
//! 把每个字符串转成大写，再从输出通道发回来。调用者拿到输入端和输出端。
//!
//! 运行测试：`cargo test -p exercise_01`

use std::sync::mpsc::{Receiver, Sender};

/// 启动一个“转大写”工作线程，返回 `(输入端, 输出端)`。
///
/// * 往输入端发送的每个字符串，都会按发送顺序、转成大写后出现在输出端。
/// * 调用者 drop 输入端之后，工作线程处理完已收到的字符串就退出；
///   它退出时 drop 自己的输出 `Sender`，于是输出端的 `recv()` 返回 `Err`。
pub fn spawn_uppercaser() -> (Sender<String>, Receiver<String>) {
    // TODO: 需要几个通道？调用者持有哪一半，工作线程又持有哪一半？
    // TODO: 工作线程用什么方式接收，才能在输入端全部被 drop 后自然退出？
    todo!("创建两个通道，启动工作线程，返回调用者那一半")
}

#[cfg(test)]
mod tests;
