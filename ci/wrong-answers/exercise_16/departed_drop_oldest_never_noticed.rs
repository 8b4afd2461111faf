//! 错误：没有数接收端：DropOldest 的订阅者离开后，发布者自己的 own_rx 让通道一直不断开，它永远不被移除
//! 期望：之后的 publish 应当把它从列表里移除
use flume::{Receiver, Sender, TrySendError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    Block,
    DropOldest,
    Disconnect,
}

#[derive(Debug)]
struct Subscriber<T> {
    tx: Sender<T>,
    policy: Policy,
    own_rx: Option<Receiver<T>>,
}

#[derive(Debug)]
pub struct Broker<T> {
    subscribers: Vec<Subscriber<T>>,
}

impl<T> Default for Broker<T> {
    fn default() -> Self {
        Broker {
            subscribers: Vec::new(),
        }
    }
}

impl<T: Clone> Broker<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn subscriber_count(&self) -> usize {
        self.subscribers.len()
    }
}

// ANCHOR: solution
impl<T: Clone> Broker<T> {
    pub fn subscribe(&mut self, capacity: usize, policy: Policy) -> Receiver<T> {
        // 丢弃最旧的消息需要腾出一格，容量 0 的通道没有格子可腾。
        let capacity = if policy == Policy::DropOldest {
            capacity.max(1)
        } else {
            capacity
        };
        let (tx, rx) = flume::bounded(capacity);
        let own_rx = (policy == Policy::DropOldest).then(|| rx.clone());
        self.subscribers.push(Subscriber { tx, policy, own_rx });
        rx
    }

    pub fn publish(&mut self, message: T) {
        // deliver 返回 false 的订阅者被移除：它的 Sender 随之 drop，订阅者取完缓冲后看到断开。
        self.subscribers
            .retain(|subscriber| subscriber.deliver(message.clone()));
    }
}

impl<T> Subscriber<T> {
    /// 按订阅者的策略投递一条消息。返回 false 表示这个订阅者应当被移除。
    fn deliver(&self, message: T) -> bool {
        match self.policy {
            // 慢订阅者拖慢发布者，但一条也不丢。
            Policy::Block => self.tx.send(message).is_ok(),
            // 队列满了就断开它：返回 false，Sender 被 drop。
            Policy::Disconnect => self.tx.try_send(message).is_ok(),
            Policy::DropOldest => {
                // 关键决定：发布者自己拿着一个 Receiver（用来丢掉最旧的消息），所以订阅者离开后
                // 通道并不会断开，send 永远不会失败。只能数一数：除了我们自己，还有没有接收端。

                let own_rx = self.own_rx.as_ref().expect("DropOldest keeps a receiver");
                let mut message = message;
                loop {
                    match self.tx.try_send(message) {
                        Ok(()) => return true,
                        Err(TrySendError::Full(unsent)) => {
                            // 丢掉队头最旧的一条，腾出位置。订阅者可能刚好也取走了一条，无妨：再试一次。
                            let _ = own_rx.try_recv();
                            message = unsent;
                        }
                        Err(TrySendError::Disconnected(_)) => return false,
                    }
                }
            }
        }
    }
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
