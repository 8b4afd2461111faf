//! 给定的部分（不用修改）：[`Plan`] 列出可选的通道，[`Plan::build`] 按选择建出通道，
//! [`Tx`] / [`Rx`] 让测试用同一套方法操作它们。

use std::sync::mpsc;

// ANCHOR: plan
/// 可选的通道和容量。
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plan {
    /// `std::sync::mpsc::channel()`：无界，单消费者。
    StdUnbounded,
    /// `std::sync::mpsc::sync_channel(n)`：容量 `n`（可以是 0），单消费者。
    StdBounded(usize),
    /// `crossbeam_channel::unbounded()`：无界，多消费者。
    CrossbeamUnbounded,
    /// `crossbeam_channel::bounded(n)`：容量 `n`（可以是 0），多消费者。
    CrossbeamBounded(usize),
}
// ANCHOR_END: plan

/// 发送端：`send` 在缓冲区满时阻塞，`try_send` 不阻塞。
#[derive(Debug)]
pub enum Tx<T> {
    Std(mpsc::Sender<T>),
    StdSync(mpsc::SyncSender<T>),
    Crossbeam(crossbeam_channel::Sender<T>),
}

/// 接收端。
#[derive(Debug)]
pub enum Rx<T> {
    Std(mpsc::Receiver<T>),
    Crossbeam(crossbeam_channel::Receiver<T>),
}

/// `try_send` 失败的原因，消息原样带回。
#[derive(Debug, PartialEq, Eq)]
pub enum TrySendError<T> {
    /// 缓冲区满了（容量 0 时：没有接收者正在等）。
    Full(T),
    /// 接收端都不在了。
    Disconnected(T),
}

impl Plan {
    /// 按这个选择建出通道。
    pub fn build<T>(self) -> (Tx<T>, Rx<T>) {
        match self {
            Plan::StdUnbounded => {
                let (tx, rx) = mpsc::channel();
                (Tx::Std(tx), Rx::Std(rx))
            }
            Plan::StdBounded(n) => {
                let (tx, rx) = mpsc::sync_channel(n);
                (Tx::StdSync(tx), Rx::Std(rx))
            }
            Plan::CrossbeamUnbounded => {
                let (tx, rx) = crossbeam_channel::unbounded();
                (Tx::Crossbeam(tx), Rx::Crossbeam(rx))
            }
            Plan::CrossbeamBounded(n) => {
                let (tx, rx) = crossbeam_channel::bounded(n);
                (Tx::Crossbeam(tx), Rx::Crossbeam(rx))
            }
        }
    }
}

impl<T> Clone for Tx<T> {
    fn clone(&self) -> Self {
        match self {
            Tx::Std(tx) => Tx::Std(tx.clone()),
            Tx::StdSync(tx) => Tx::StdSync(tx.clone()),
            Tx::Crossbeam(tx) => Tx::Crossbeam(tx.clone()),
        }
    }
}

impl<T> Tx<T> {
    /// 发送；缓冲区满时阻塞。接收端都不在时把消息带回。
    pub fn send(&self, message: T) -> Result<(), T> {
        match self {
            Tx::Std(tx) => tx.send(message).map_err(|e| e.0),
            Tx::StdSync(tx) => tx.send(message).map_err(|e| e.0),
            Tx::Crossbeam(tx) => tx.send(message).map_err(|e| e.0),
        }
    }

    /// 不阻塞地发送。
    pub fn try_send(&self, message: T) -> Result<(), TrySendError<T>> {
        match self {
            Tx::Std(tx) => tx
                .send(message)
                .map_err(|e| TrySendError::Disconnected(e.0)),
            Tx::StdSync(tx) => tx.try_send(message).map_err(|e| match e {
                mpsc::TrySendError::Full(m) => TrySendError::Full(m),
                mpsc::TrySendError::Disconnected(m) => TrySendError::Disconnected(m),
            }),
            Tx::Crossbeam(tx) => tx.try_send(message).map_err(|e| match e {
                crossbeam_channel::TrySendError::Full(m) => TrySendError::Full(m),
                crossbeam_channel::TrySendError::Disconnected(m) => TrySendError::Disconnected(m),
            }),
        }
    }
}

impl<T> Rx<T> {
    /// 接收；通道空时阻塞，所有发送端都不在且缓冲区已空时返回 `None`。
    pub fn recv(&self) -> Option<T> {
        match self {
            Rx::Std(rx) => rx.recv().ok(),
            Rx::Crossbeam(rx) => rx.recv().ok(),
        }
    }

    /// 再要一个接收端，给另一个消费者用。只有多消费者的通道能做到，否则返回 `None`。
    pub fn try_clone(&self) -> Option<Rx<T>> {
        match self {
            Rx::Std(_) => None,
            Rx::Crossbeam(rx) => Some(Rx::Crossbeam(rx.clone())),
        }
    }
}
