//! 错误：handle 里 unwrap 了发送和回复的结果：actor 不在时 get/set panic，而不是返回 Err(Closed)
//! 期望：而不是 unwrap

use std::collections::HashMap;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

pub const CAPACITY: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbError {
    Closed,
}

#[derive(Debug)]
pub enum Command {
    Get {
        key: String,
        reply: oneshot::Sender<Option<String>>,
    },
    Set {
        key: String,
        value: String,
        reply: oneshot::Sender<Option<String>>,
    },
}

#[derive(Debug, Clone)]
pub struct Db {
    commands: mpsc::Sender<Command>,
}

// ANCHOR: solution
pub fn spawn() -> (Db, JoinHandle<HashMap<String, String>>) {
    let (commands, inbox) = mpsc::channel(CAPACITY);
    // 唯一的 Sender 交给 handle，actor 只拿 Receiver：最后一个 Db drop 时通道关闭，actor 随之结束。
    let actor = tokio::spawn(run(inbox));
    (Db { commands }, actor)
}

async fn run(mut inbox: mpsc::Receiver<Command>) -> HashMap<String, String> {
    let mut data: HashMap<String, String> = HashMap::new();
    while let Some(command) = inbox.recv().await {
        match command {
            // 调用者可能已经不等了（超时、被取消）：回复失败是它的事，actor 继续服务别人。
            Command::Get { key, reply } => {
                let _ = reply.send(data.get(&key).cloned());
            }
            Command::Set { key, value, reply } => {
                let _ = reply.send(data.insert(key, value));
            }
        }
    }
    data
}

impl Db {
    pub async fn get(&self, key: &str) -> Result<Option<String>, DbError> {
        let (reply, answer) = oneshot::channel();
        let key = key.to_owned();
        self.request(Command::Get { key, reply }, answer).await
    }

    pub async fn set(&self, key: &str, value: &str) -> Result<Option<String>, DbError> {
        let (reply, answer) = oneshot::channel();
        let (key, value) = (key.to_owned(), value.to_owned());
        self.request(Command::Set { key, value, reply }, answer).await
    }

    async fn request(
        &self,
        command: Command,
        answer: oneshot::Receiver<Option<String>>,
    ) -> Result<Option<String>, DbError> {
        // 两处 .await 都不能少：send 在队列满时等待空位（背压），answer 等 actor 的回复。
        // 任何一步失败都只说明一件事：actor 已经不在了。
        self.commands.send(command).await.expect("actor 总是在的");
        Ok(answer.await.unwrap())

    }
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
