//! 错误：用 recv_timeout，等不到消息就退出：输入端还活着时，暂停之后发来的字符串没人处理
//! 期望：暂时没有消息不等于输入结束

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

pub fn spawn_uppercaser() -> (Sender<String>, Receiver<String>) {
    let (input_tx, input_rx) = mpsc::channel::<String>();
    let (output_tx, output_rx) = mpsc::channel();
    // 关键决定：输入的 Receiver 和输出的 Sender 都 move 进工作线程。
    // 调用者 drop 输入端后，`for` 循环结束，线程退出并 drop output_tx，输出端随之断开。
    thread::spawn(move || {
        while let Ok(word) = input_rx.recv_timeout(std::time::Duration::from_millis(50)) {
            // 调用者已经不要结果了（输出端被 drop）：没有必要继续工作。
            if output_tx.send(word.to_uppercase()).is_err() {
                break;
            }
        }
    });
    (input_tx, output_rx)
}

#[cfg(test)]
mod tests;
