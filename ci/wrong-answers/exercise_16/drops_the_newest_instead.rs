//! 错误：队列满了就扔掉新消息（不是最旧的）：订阅者留下的是最早的几条
//! 期望：留下最新的
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
                if self.tx.receiver_count() <= 1 {
                    return false;
                }
                let own_rx = self.own_rx.as_ref().expect("DropOldest keeps a receiver");
                let mut message = message;
                loop {
                    match self.tx.try_send(message) {
                        Ok(()) => return true,
                        Err(TrySendError::Full(_newest)) => return true,
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
