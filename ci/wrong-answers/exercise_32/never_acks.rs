//! 错误：AckPolicy::None：工作者从不 ack，服务器以为投出去就算完成
//! 期望：每个作业都要显式 ack

use async_nats::jetstream::{self, consumer::push, stream};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;

pub type Error = async_nats::Error;

/// 存作业的 stream、它收的主题。
pub const STREAM: &str = "JOBS";
pub const SUBJECT: &str = "jobs.new";
/// 持久消费者的名字，同时也是工作者们的队列组名。
pub const CONSUMER: &str = "workers";
/// 服务器把作业推送到这个主题，工作者们以队列组的身份订阅它。
pub const DELIVER_SUBJECT: &str = "deliver.jobs";
/// 投递后这么久没有 ack，服务器就重投（演示用，缩短了；真实系统常用 30 秒）。
pub const ACK_WAIT: Duration = Duration::from_millis(250);

/// 一个作业：把 `amount` 记到账上。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub id: u64,
    pub amount: i64,
}

/// 账本的内容。
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LedgerState {
    /// 已经应用过的作业 ID。
    pub applied: BTreeSet<u64>,
    pub balance: i64,
    /// 一共修改过多少次余额：每个作业恰好一次时，它等于作业数。
    pub applications: u64,
}

/// 测试用来模拟工作者崩溃的时机。
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crash {
    /// 事务开始之前就崩溃：这个作业什么都没写。
    BeforeCommit,
    /// 事务提交之后、ack 之前崩溃：账已经记了，服务器却不知道。
    AfterCommit,
}

/// 代表一个数据库：工作者在这里记账。已经写好了，不需要修改。
#[derive(Debug)]
pub struct Ledger {
    state: Mutex<LedgerState>,
    crash: Mutex<Option<Crash>>,
    /// 已应用作业的个数，测试用它等待，而不是轮询。
    progress: watch::Sender<usize>,
}

impl Ledger {
    pub fn new() -> Arc<Ledger> {
        Arc::new(Ledger {
            state: Mutex::default(),
            crash: Mutex::default(),
            progress: watch::channel(0).0,
        })
    }

    /// 在一个事务里读写账本（整体生效）。若测试布置了崩溃，调用它的工作者会 panic 一次。
    pub fn transaction<R>(&self, f: impl FnOnce(&mut LedgerState) -> R) -> R {
        let crash = self.crash.lock().unwrap_or_else(|e| e.into_inner()).take();
        if crash == Some(Crash::BeforeCommit) {
            panic!("模拟崩溃：工作者在提交事务之前死掉了");
        }
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let result = f(&mut state);
        let applied = state.applied.len();
        drop(state);
        self.progress.send_replace(applied);
        if crash == Some(Crash::AfterCommit) {
            panic!("模拟崩溃：工作者在提交事务之后、ack 之前死掉了");
        }
        result
    }

    /// 布置一次崩溃：下一个调用 `transaction` 的工作者在指定时机 panic。
    pub fn crash_next(&self, when: Crash) {
        *self.crash.lock().unwrap_or_else(|e| e.into_inner()) = Some(when);
    }

    pub fn snapshot(&self) -> LedgerState {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// 订阅“已应用作业个数”的变化。
    pub fn progress(&self) -> watch::Receiver<usize> {
        self.progress.subscribe()
    }
}

// ANCHOR: solution
/// 创建 stream 和所有工作者共用的持久推送消费者。
pub async fn create_queue(js: &jetstream::Context) -> Result<(), Error> {
    let jobs = js
        .create_stream(stream::Config {
            name: STREAM.into(),
            subjects: vec![SUBJECT.into()],
            duplicate_window: Duration::from_secs(60), // 同一个 Msg-Id 在一分钟内只存一次
            ..Default::default()
        })
        .await?;
    jobs.create_consumer(push::Config {
        durable_name: Some(CONSUMER.into()),
        deliver_subject: DELIVER_SUBJECT.into(),
        // 队列组：每条消息只推给组里的一个工作者（第 4 章的 MPMC，跨进程）。
        deliver_group: Some(CONSUMER.into()),
        ack_policy: jetstream::consumer::AckPolicy::None,
        ack_wait: ACK_WAIT,
        ..Default::default()
    })
    .await?;
    Ok(())
}

/// 提交一个作业，等 stream 确认存下了它，返回它在 stream 里的序号。
pub async fn submit(js: &jetstream::Context, job: &Job) -> Result<u64, Error> {
    let message = jetstream::message::PublishMessage::build()
        .payload(serde_json::to_vec(job)?.into())
        // 发布方的幂等：没收到确认而重发时，服务器凭这个 ID 认出重复。
        .message_id(job.id.to_string());
    let ack = js.send_publish(SUBJECT, message).await?.await?;
    Ok(ack.sequence)
}

/// 一个工作者：从队列组里取作业，幂等地记账，然后 ack。
pub async fn worker(js: jetstream::Context, ledger: Arc<Ledger>) -> Result<(), Error> {
    let consumer: jetstream::consumer::PushConsumer = js.get_stream(STREAM).await?.get_consumer(CONSUMER).await?;
    let mut messages = consumer.messages().await?;
    while let Some(message) = messages.next().await {
        let message = message?;
        let job: Job = serde_json::from_slice(&message.payload)?;
        // 决定一切的一步：先查再写，在同一个事务里。作业可能被投递不止一次
        // （上一个工作者记了账、没来得及 ack 就死了），第二次必须什么都不改。
        ledger.transaction(|state| {
            if state.applied.insert(job.id) {
                state.balance += job.amount;
                state.applications += 1;
            }
        });
        // 记账之后才 ack：在这之前死掉，服务器会把作业重投给别人。重复的作业也要 ack。
        message.ack().await?;
    }
    Ok(())
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
