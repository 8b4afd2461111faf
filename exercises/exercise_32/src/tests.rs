use super::{
    create_queue, submit, worker, Crash, Job, Ledger, ACK_WAIT, CONSUMER, DELIVER_SUBJECT, STREAM,
};
use async_nats::jetstream;
use futures::StreamExt;
use std::collections::BTreeSet;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use test_support::deadline_within;
use test_support::nats::NatsServer;
use tokio::task::JoinHandle;
use tokio::time::timeout_at;

const HINT: &str = "作业队列没有在时限内做完：create_queue 是否把 ack_wait 设成了 ACK_WAIT？\
                    工作者是否在记账之后 ack（包括已经记过账的重复投递）？\
                    崩溃之后，作业要等 ack_wait 过去才会重投；\
                    重投的作业是否先查了 applied，免得被应用了两次？";

/// 从提交完到全部记账、全部 ack 的上限：包括一次 ACK_WAIT 的重投，正常情况下一秒以内。
const DONE: Duration = Duration::from_millis(2000);
const JOBS: u64 = 30;

/// 这些测试等的是真实的时间（启动服务器、ACK_WAIT 之后的重投），
/// 所以时限固定为 8 秒，不跟随 `TEST_SUPPORT_DEADLINE_MS` 缩短；
/// 正确答案一秒多就做完，错误答案在测试自己的 2 秒等待里就会得到具体的说明。
fn deadline<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
    deadline_within(Duration::from_secs(8), HINT, body)
}

fn run<F: Future>(body: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(body)
}

/// 一个带着服务器、队列和若干工作者的测试现场。
struct Setup {
    _server: NatsServer,
    js: jetstream::Context,
    ledger: Arc<Ledger>,
    workers: Vec<JoinHandle<Result<(), async_nats::Error>>>,
    /// 服务器收到的 ack（`$JS.ACK.…`）：从中读出被 ack 的 stream 序号。
    acks: async_nats::Subscriber,
}

async fn setup(workers: usize, crash: Option<Crash>) -> Setup {
    let server = NatsServer::start();
    let client = async_nats::connect(server.url()).await.unwrap();
    let acks = client.subscribe("$JS.ACK.>").await.unwrap();
    client.flush().await.unwrap();
    let js = jetstream::new(client);
    create_queue(&js).await.expect("create_queue 失败");
    let ledger = Ledger::new();
    if let Some(when) = crash {
        ledger.crash_next(when);
    }
    let workers = (0..workers)
        .map(|_| {
            // 工作者共用测试的连接：工作者“死掉”时，它已经发出的 ack 一定会送到服务器，
            // 结果不取决于连接关闭前缓冲区有没有刷出去。死掉的工作者的订阅随任务一起消失。
            let js = js.clone();
            let ledger = Arc::clone(&ledger);
            tokio::spawn(worker(js, ledger))
        })
        .collect();
    Setup {
        _server: server,
        js,
        ledger,
        workers,
        acks,
    }
}

/// 提交作业 1..=JOBS，返回它们的 stream 序号。
async fn submit_all(js: &jetstream::Context) -> BTreeSet<u64> {
    let mut seqs = BTreeSet::new();
    for id in 1..=JOBS {
        let seq = submit(
            js,
            &Job {
                id,
                amount: id as i64,
            },
        )
        .await
        .expect("submit 失败");
        assert!(
            seqs.insert(seq),
            "两个不同的作业得到了同一个 stream 序号 {seq}"
        );
    }
    seqs
}

/// 等到每个作业都被记账、每个序号都被 ack。
async fn wait_until_done(s: &mut Setup, seqs: &BTreeSet<u64>) {
    let end = tokio::time::Instant::now() + DONE;
    let mut progress = s.ledger.progress();
    let all_applied = timeout_at(end, progress.wait_for(|n| *n as u64 >= JOBS)).await;
    if all_applied.is_err() {
        let state = s.ledger.snapshot();
        let missing: Vec<u64> = (1..=JOBS)
            .filter(|id| !state.applied.contains(id))
            .collect();
        panic!(
            "作业丢失：{} 个作业里有 {:?} 一直没有被记账。工作者是不是在记账之前就 ack 了（崩溃时作业随之丢失）？\
             或者 max_deliver 限制了重投？",
            JOBS, missing
        );
    }
    let mut acked = BTreeSet::new();
    while !seqs.is_subset(&acked) {
        match timeout_at(end, s.acks.next()).await {
            Ok(Some(ack)) => {
                // 主题形如 $JS.ACK.<stream>.<consumer>.<投递次数>.<stream 序号>.<消费者序号>.<时间>.<剩余>
                let parts: Vec<&str> = ack.subject.split('.').collect();
                // 空的内容和 "+ACK" 都表示 ack；"-NAK"、"+WPI"、"+TERM" 不是。
                let is_ack = ack.payload.is_empty() || ack.payload.starts_with(b"+ACK");
                if is_ack && parts.len() >= 6 {
                    acked.insert(parts[5].parse::<u64>().unwrap());
                }
            }
            _ => panic!(
                "作业都记账了，但序号 {:?} 一直没有被 ack：每条消息处理完都要 ack，\
                 包括已经记过账的重复投递（否则服务器会一直重投）",
                seqs.difference(&acked).collect::<Vec<_>>()
            ),
        }
    }
}

fn check_ledger_once(ledger: &Ledger) {
    let state = ledger.snapshot();
    assert_eq!(
        state.applications, JOBS,
        "作业被应用了两次：{JOBS} 个作业改了 {} 次余额。重投的作业要先查 applied，已经记过的不能再记（幂等）",
        state.applications
    );
    assert_eq!(state.balance, (1..=JOBS as i64).sum::<i64>(), "余额不对");
}

/// 工作者任务里有几个是 panic 结束的（其余的被中止）。
async fn crashed_workers(workers: Vec<JoinHandle<Result<(), async_nats::Error>>>) -> usize {
    let mut crashed = 0;
    for w in workers {
        if w.is_finished() {
            match w.await {
                Err(e) if e.is_panic() => crashed += 1,
                Err(_) => {}
                Ok(result) => panic!("工作者在作业做完之前就返回了：{result:?}"),
            }
        } else {
            w.abort();
        }
    }
    crashed
}

#[test]
fn the_queue_is_one_durable_consumer_shared_by_a_queue_group() {
    deadline(|| {
        run(async {
            let server = NatsServer::start();
            let js = jetstream::new(async_nats::connect(server.url()).await.unwrap());
            create_queue(&js).await.expect("create_queue 失败");
            let stream = js
                .get_stream(STREAM)
                .await
                .expect("应当有名为 JOBS 的 stream");
            let mut consumer: jetstream::consumer::PushConsumer = stream
                .get_consumer(CONSUMER)
                .await
                .expect("应当有名为 workers 的持久推送消费者（push::Config，durable_name）");
            let config = consumer.info().await.unwrap().config.clone();
            assert_eq!(
                config.deliver_group.as_deref(),
                Some(CONSUMER),
                "消费者应以队列组投递（deliver_group = CONSUMER），否则每个工作者都会收到每个作业"
            );
            assert_eq!(config.deliver_subject.as_deref(), Some(DELIVER_SUBJECT));
            assert_eq!(
                config.ack_policy,
                jetstream::consumer::AckPolicy::Explicit,
                "每个作业都要显式 ack"
            );
            assert_eq!(
                config.ack_wait, ACK_WAIT,
                "ack_wait 应设为 ACK_WAIT：默认的 30 秒意味着崩溃后的作业半分钟后才重投"
            );
        })
    });
}

#[test]
fn submitting_the_same_job_twice_stores_it_once() {
    deadline(|| {
        run(async {
            let server = NatsServer::start();
            let js = jetstream::new(async_nats::connect(server.url()).await.unwrap());
            create_queue(&js).await.expect("create_queue 失败");
            let job = Job { id: 7, amount: 70 };
            let first = submit(&js, &job).await.expect("submit 失败");
            let retry = submit(&js, &job).await.expect("重复 submit 也应成功");
            let other = submit(&js, &Job { id: 8, amount: 80 }).await.unwrap();
            assert_eq!(
                retry, first,
                "重复提交（同一个作业 id 发两次）应被 stream 认出：发布时带上消息 ID（message_id）"
            );
            assert_ne!(other, first, "不同的作业应得到不同的序号");
            let mut stream = js.get_stream(STREAM).await.unwrap();
            assert_eq!(stream.info().await.unwrap().state.messages, 2);
        })
    });
}

#[test]
fn every_job_is_applied_once_and_acknowledged() {
    deadline(|| {
        run(async {
            let mut s = setup(2, None).await;
            let seqs = submit_all(&s.js).await;
            wait_until_done(&mut s, &seqs).await;
            check_ledger_once(&s.ledger);
            assert_eq!(crashed_workers(s.workers).await, 0);
        })
    });
}

#[test]
fn a_worker_dying_after_commit_double_applies_nothing() {
    deadline(|| {
        run(async {
            let mut s = setup(2, Some(Crash::AfterCommit)).await;
            let seqs = submit_all(&s.js).await;
            wait_until_done(&mut s, &seqs).await;
            check_ledger_once(&s.ledger);
            assert_eq!(
                crashed_workers(s.workers).await,
                1,
                "应当恰好有一个工作者崩溃"
            );
        })
    });
}

#[test]
fn a_worker_dying_before_commit_loses_nothing() {
    deadline(|| {
        run(async {
            let mut s = setup(2, Some(Crash::BeforeCommit)).await;
            let seqs = submit_all(&s.js).await;
            wait_until_done(&mut s, &seqs).await;
            check_ledger_once(&s.ledger);
            assert_eq!(
                crashed_workers(s.workers).await,
                1,
                "应当恰好有一个工作者崩溃"
            );
        })
    });
}
