//! 错误：reload 不比较版本就 send_replace：旧的、重复的配置也替换并唤醒订阅者
//! 期望：版本号不比当前新的配置应当被拒绝

use tokio::sync::{mpsc, watch};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub version: u32,
    pub max_connections: usize,
}

#[derive(Debug)]
pub struct Reloader {
    tx: watch::Sender<Config>,
}

// ANCHOR: solution
impl Reloader {
    pub fn new(initial: Config) -> Reloader {
        Reloader {
            tx: watch::Sender::new(initial),
        }
    }

    pub fn subscribe(&self) -> watch::Receiver<Config> {
        self.tx.subscribe()
    }

    pub fn current(&self) -> Config {
        self.tx.borrow().clone()
    }

    pub fn reload(&self, next: Config) -> bool {
        // send_if_modified 在锁里比较、替换，只有返回 true 时才唤醒订阅者；
        // 而且没有订阅者时它照样保存新值——send 这时会失败，新值也就丢了。
        self.tx.send_replace(next);
        true

    }
}

pub async fn follow(mut configs: watch::Receiver<Config>, applied: mpsc::Sender<Config>) {
    loop {
        // 关键决定：borrow_and_update 读出当前值并把它标记为“已看过”，下面的 changed()
        // 只为比它更新的值醒来。clone 出来再 .await：Ref 持有读锁，不能跨过 .await。
        let config = configs.borrow_and_update().clone();
        if applied.send(config).await.is_err() {
            return;
        }
        // Err 说明 Reloader 已经 drop：再也不会有新配置了。
        if configs.changed().await.is_err() {
            return;
        }
    }
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
