//! 错误：用 `let _ =` 忽略发送错误：输出端被 drop 之后工作线程还在接收输入
//! 期望：工作线程还在接收输入

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

pub fn spawn_uppercaser() -> (Sender<String>, Receiver<String>) {
    let (input_tx, input_rx) = mpsc::channel::<String>();
    let (output_tx, output_rx) = mpsc::channel();
    // 关键决定：输入的 Receiver 和输出的 Sender 都 move 进工作线程。
    // 调用者 drop 输入端后，`for` 循环结束，线程退出并 drop output_tx，输出端随之断开。
    thread::spawn(move || {
        for word in input_rx {
            // 调用者已经不要结果了（输出端被 drop）：没有必要继续工作。
            let _ = output_tx.send(word.to_uppercase());
        }
    });
    (input_tx, output_rx)
}

#[cfg(test)]
mod tests;
