//! 错误：对 send 的结果用了 unwrap：下游离开时阶段线程 panic
//! 期望：阶段线程 panic 了

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
        for item in input {
            tx.send(f(item)).unwrap();
            sent += 1;
        }
        sent
    });
    (rx, worker)
}

#[cfg(test)]
mod tests;
