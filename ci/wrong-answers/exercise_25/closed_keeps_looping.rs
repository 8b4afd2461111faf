//! 错误：RecvError::Closed 之后还在循环：房间关闭后 next() 永远不返回
//! 期望：recv() 得到 RecvError::Closed 时 next() 应当返回 None

use tokio::sync::broadcast::{self, error::RecvError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub from: String,
    pub text: String,
}

#[derive(Debug)]
pub struct Room {
    tx: broadcast::Sender<Line>,
}

#[derive(Debug)]
pub struct Member {
    rx: broadcast::Receiver<Line>,
    missed: u64,
}

// ANCHOR: solution
impl Room {
    pub fn new(capacity: usize) -> Room {
        // broadcast::channel(0) 会 panic：至少留一个位置。
        // 房间只留 Sender，不留 Receiver：一个从不读的 Receiver 也算订阅者，会让人数永远多一个。
        let (tx, _) = broadcast::channel(capacity.max(1));
        Room { tx }
    }

    pub fn join(&self) -> Member {
        Member {
            rx: self.tx.subscribe(),
            missed: 0,
        }
    }

    pub fn say(&self, from: &str, text: &str) -> usize {
        let line = Line {
            from: from.to_owned(),
            text: text.to_owned(),
        };
        // 没有成员时 send 返回 Err（这句话没人听），这对聊天室不是错误：听众是 0 个。
        self.tx.send(line).unwrap_or(0)
    }
}

impl Member {
    pub async fn next(&mut self) -> Option<Line> {
        loop {
            match self.rx.recv().await {
                Ok(line) => return Some(line),
                // 关键决定：Lagged 不是 Closed。它只说明最旧的 n 条已经被覆盖；
                // 记下条数，接着收缓冲区里还在的那些。
                Err(RecvError::Lagged(skipped)) => self.missed += skipped,
                // 暂时没有消息，再试一次。
                Err(RecvError::Closed) => continue,

            }
        }
    }

    pub fn missed(&self) -> u64 {
        self.missed
    }
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
