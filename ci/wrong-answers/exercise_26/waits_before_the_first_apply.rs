//! 错误：follow 一开始就 changed().await：错过了初始配置
//! 期望：一开始就 changed().await 会错过初始配置

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
        self.tx.send_if_modified(|current| {
            if next.version > current.version {
                *current = next;
                true
            } else {
                false
            }
        })
    }
}

pub async fn follow(mut configs: watch::Receiver<Config>, applied: mpsc::Sender<Config>) {
    while configs.changed().await.is_ok() {
        let config = configs.borrow_and_update().clone();
        if applied.send(config).await.is_err() {
            return;
        }
    }

}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
