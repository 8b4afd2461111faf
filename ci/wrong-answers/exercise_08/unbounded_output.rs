//! 错误：输出用了无界通道：下游再慢，阶段也不停下
//! 期望：用了无界通道

use crossbeam_channel::{unbounded, Receiver};
use std::thread::{self, JoinHandle};

pub fn spawn_stage<T, U, F>(
    input: Receiver<T>,
    capacity: usize,
    mut f: F,
) -> (Receiver<U>, JoinHandle<usize>)
where
    T: Send + 'static,
    U: Send + 'static,
    F: FnMut(T) -> U + Send + 'static,
{
    let _ = capacity;
    let (tx, rx) = unbounded();
    let worker = thread::spawn(move || {
        let mut sent = 0;
        // 关键决定：取一条、处理一条、发一条。send 在输出满时阻塞，阻塞期间线程不再
        // 从 input 取消息，于是上游的通道也会满——背压就这样一级一级传回源头。
        for item in input {
            if tx.send(f(item)).is_err() {
                // 下游已经不在了。返回时 input 随线程一起 drop，上游的 send 也会失败。
                break;
            }
            sent += 1;
        }
        sent
    });
    (rx, worker)
}

#[cfg(test)]
mod tests;
