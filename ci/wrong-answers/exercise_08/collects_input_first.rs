//! 错误：先把 input 全部收进 Vec 再处理：背压在这一级断掉
//! 期望：背压失效

use crossbeam_channel::{bounded, Receiver};
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
    let (tx, rx) = bounded(capacity);
    let worker = thread::spawn(move || {
        let mut sent = 0;
        // 关键决定：取一条、处理一条、发一条。send 在输出满时阻塞，阻塞期间线程不再
        // 从 input 取消息，于是上游的通道也会满——背压就这样一级一级传回源头。
        let items: Vec<T> = input.iter().collect();
        for item in items {
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
