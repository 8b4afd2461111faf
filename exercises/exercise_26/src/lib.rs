//! 练习 26：用 `watch` 热更新配置
//!
//! [`Reloader`] 保存当前配置（`tokio::sync::watch`）；服务任务运行 [`follow`]，先应用当前配置，
//! 之后每当配置更新就应用最新的一份。
//!
//! * [`Reloader::reload`]：只接受版本号**更新**的配置，返回是否接受；不接受时当前配置不变，
//!   订阅者也不被唤醒。没有订阅者时也要保存新配置。
//! * [`follow`]：立刻把当前配置发到 `applied`，之后每次配置变化再发最新的一份；
//!   同一份配置不发两次；`Reloader` drop 之后结束。
//!
//! 运行测试：`cargo test -p exercise_26`

use tokio::sync::{mpsc, watch};

/// 一份配置。`version` 越大越新。
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// 版本号。
    pub version: u32,
    /// 允许的最大连接数。
    pub max_connections: usize,
}

/// 持有当前配置的一方。
#[derive(Debug)]
pub struct Reloader {
    /// watch 通道的 Sender：它里面存着当前配置。
    #[allow(dead_code)] // 实现 new 之后就用上了，可以删掉这一行。
    tx: watch::Sender<Config>,
}

impl Reloader {
    /// 以 `initial` 为当前配置。
    pub fn new(initial: Config) -> Reloader {
        // TODO: 这时还没有订阅者。watch::channel 返回的 Receiver 要留着吗？（看看 watch::Sender::new）
        let _ = initial;
        todo!("创建 watch 通道")
    }

    /// 订阅配置变化。
    pub fn subscribe(&self) -> watch::Receiver<Config> {
        todo!("从 Sender 得到一个新的 Receiver")
    }

    /// 当前配置的一份拷贝。
    pub fn current(&self) -> Config {
        todo!("读出当前配置")
    }

    /// 换成 `next`，如果它的版本号比当前的新；返回是否换了。
    pub fn reload(&self, next: Config) -> bool {
        // TODO: watch::Sender 有 send、send_replace、send_modify、send_if_modified。
        //       哪一个能“比较之后再决定换不换、通不通知”？没有订阅者时，send 会怎样？
        let _ = next;
        todo!("版本号更新时替换并通知订阅者")
    }
}

/// 服务任务：应用当前配置，之后每次变化应用最新的配置（发到 `applied`）；Reloader drop 后结束。
pub async fn follow(configs: watch::Receiver<Config>, applied: mpsc::Sender<Config>) {
    // TODO: 一开始就 changed().await，会错过什么？
    // TODO: borrow() 和 borrow_and_update() 有什么区别？哪一个能保证同一份配置不会被应用两次？
    // TODO: changed() 什么时候返回 Err？
    let _ = (configs, applied);
    todo!("循环：读当前配置并发出，等待下一次变化")
}

#[cfg(test)]
mod tests;
