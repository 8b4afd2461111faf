//! 错误：队列满时先 sleep 100 ms 再重试一次：submit 不再是立即返回
//! 期望：submit 必须立即返回

use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};

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
        let job = match self.tx.try_send(job) {
            Ok(()) => return Ok(()),
            Err(TrySendError::Full(job)) => job,
            Err(TrySendError::Disconnected(job)) => return Err(Rejected::Closed(job)),
        };
        // 也许马上就有空位了：等一会儿再试一次
        std::thread::sleep(std::time::Duration::from_millis(100));
        self.tx.try_send(job).map_err(|error| match error {
            TrySendError::Full(job) => Rejected::Busy(job),
            TrySendError::Disconnected(job) => Rejected::Closed(job),
        })
    }
}

#[cfg(test)]
mod tests;
