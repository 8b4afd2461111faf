//! 错误：用 send 代替 try_send：队列满时 submit 一直等到有空位
//! 期望：submit 不应该阻塞

use std::sync::mpsc::{self, Receiver, SyncSender};

#[derive(Debug, PartialEq, Eq)]
pub enum Rejected<T> {
    Busy(T),
    Closed(T),
}

#[derive(Debug, Clone)]
pub struct Submitter<T> {
    tx: SyncSender<T>,
}

pub fn bounded_queue<T>(capacity: usize) -> (Submitter<T>, Receiver<T>) {
    let (tx, rx) = mpsc::sync_channel(capacity);
    (Submitter { tx }, rx)
}

impl<T> Submitter<T> {
    pub fn submit(&self, job: T) -> Result<(), Rejected<T>> {
        // 关键决定：try_send 从不阻塞，而且失败时把消息放在错误里还给我们。
        self.tx.send(job).map_err(|mpsc::SendError(job)| Rejected::Closed(job))
    }
}

#[cfg(test)]
mod tests;
