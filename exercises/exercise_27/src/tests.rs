use super::batch;
use std::time::Duration;
use test_support::{assert_exactly_once, deadline_async};
use tokio::sync::{mpsc, oneshot};
use tokio::time::{sleep, timeout, Instant};

const HINT: &str =
    "测试没有结束：batcher 在输入关闭（recv 返回 None）或收到关停信号之后有没有返回？\
                    关停时排空通道之前，先调用 input.close()";

const MAX: usize = 10;
/// 时钟是暂停的：这些时长都是虚拟的，测试不会真的等。
const EVERY: Duration = Duration::from_millis(100);

const WHY_LOST: &str = "select! 每一轮都会 drop（取消）输掉的分支：分支的 future 里存着的、已经取出的消息\
                        会随之丢失。部分批次要放在循环外的变量里，分支里只用 recv()（它是取消安全的）";
const WHY_NOT_DONE: &str = "输入已经关闭，batcher 2 秒后还没有返回：recv() 返回 None 时要发出剩下的批次并退出循环——\
                            select! 里 `Some(x) = input.recv()` 这样的分支在 None 时只是被禁用，循环并不会结束";

/// 一个正在运行的 batcher 和它的输入、输出、关停信号。
struct Running {
    items: mpsc::Sender<u32>,
    stop: oneshot::Sender<()>,
    batches: mpsc::UnboundedReceiver<Vec<u32>>,
    start: Instant,
}

fn start() -> Running {
    let (items, input) = mpsc::channel(64);
    let (output, batches) = mpsc::unbounded_channel();
    let (stop, shutdown) = oneshot::channel();
    tokio::spawn(batch(input, output, shutdown, MAX, EVERY));
    Running {
        items,
        stop,
        batches,
        start: Instant::now(),
    }
}

/// 收下所有批次，直到 batcher 返回（输出通道关闭）；每批记下它到达的（虚拟）时刻。
async fn collect(
    batches: &mut mpsc::UnboundedReceiver<Vec<u32>>,
    start: Instant,
    why_not_done: &str,
) -> Vec<(Duration, Vec<u32>)> {
    let mut got = Vec::new();
    loop {
        match timeout(EVERY * 20, batches.recv()).await {
            Ok(Some(batch)) => got.push((start.elapsed(), batch)),
            Ok(None) => return got,
            Err(_) => panic!("{why_not_done}"),
        }
    }
}

/// 每一批都不空，也不超过 MAX 条。
fn check_shape(batches: &[(Duration, Vec<u32>)]) {
    for (_, batch) in batches {
        assert!(
            !batch.is_empty(),
            "不应发出空批次：定时器响时，手里没有消息就什么也不发"
        );
        assert!(
            batch.len() <= MAX,
            "批次有 {} 条，超过了 max_batch = {MAX}：攒满 max_batch 条就要立刻发出",
            batch.len()
        );
    }
}

/// 发出的每条消息都恰好出现一次，顺序不变（只有一个生产者）。
fn check_all_arrived(sent: &[u32], batches: &[(Duration, Vec<u32>)]) {
    let got: Vec<u32> = batches
        .iter()
        .flat_map(|(_, b)| b.iter().copied())
        .collect();
    let missing: Vec<u32> = sent.iter().filter(|x| !got.contains(x)).copied().collect();
    assert!(
        missing.is_empty(),
        "消息丢失：{missing:?} 没有出现在任何批次里。{WHY_LOST}"
    );
    assert_exactly_once(sent, &got);
    assert_eq!(got, sent, "只有一个生产者，批次连起来应当保持发送的顺序");
}

#[test]
fn a_burst_is_cut_into_full_batches() {
    deadline_async(HINT, || async {
        let Running {
            items,
            stop: _stop,
            mut batches,
            start,
        } = start();
        let sent: Vec<u32> = (0..25).collect();
        for &i in &sent {
            items.send(i).await.unwrap();
        }
        drop(items);
        let got = collect(&mut batches, start, WHY_NOT_DONE).await;
        check_shape(&got);
        check_all_arrived(&sent, &got);
        let full = got.iter().filter(|(_, b)| b.len() == MAX).count();
        assert!(
            full >= 2,
            "25 条消息一下子到齐，应当至少攒出两个满批次（{MAX} 条），实际的批次大小是 {:?}：\
             只在攒满或定时器响时才发出",
            got.iter().map(|(_, b)| b.len()).collect::<Vec<_>>()
        );
    });
}

#[test]
fn every_item_leaves_within_flush_every() {
    deadline_async(HINT, || async {
        let Running {
            items,
            stop: _stop,
            mut batches,
            start,
        } = start();
        // 每 40 毫秒来一条：比 flush_every（100 毫秒）勤，批次永远攒不满。
        let producer = tokio::spawn(async move {
            let mut sent_at = Vec::new();
            for i in 0..10 {
                items.send(i).await.unwrap();
                sent_at.push(start.elapsed());
                sleep(EVERY * 2 / 5).await;
            }
            sent_at
        });
        let got = collect(&mut batches, start, WHY_NOT_DONE).await;
        let sent_at = producer.await.expect("生产者任务 panic 了");
        check_shape(&got);
        check_all_arrived(&(0..10).collect::<Vec<_>>(), &got);
        for (arrived, batch) in &got {
            for &i in batch {
                let waited = *arrived - sent_at[i as usize];
                assert!(
                    waited <= EVERY,
                    "消息 {i} 等了 {waited:?} 才发出，超过了 flush_every（{EVERY:?}）：select! 里每一轮新建的 \
                     sleep 会被新到的消息不断重置，永远响不了；把 interval 建在循环外面，它按固定的节拍响"
                );
            }
        }
    });
}

#[test]
fn a_partial_batch_survives_the_tick() {
    deadline_async(HINT, || async {
        let Running {
            items,
            stop: _stop,
            mut batches,
            start,
        } = start();
        // 攒了 3 条，定时器响了好几次（有几次手里是空的），再来 3 条。
        for i in 0..3 {
            items.send(i).await.unwrap();
        }
        sleep(EVERY * 3).await;
        for i in 3..6 {
            items.send(i).await.unwrap();
        }
        sleep(EVERY * 3).await;
        drop(items);
        let got = collect(&mut batches, start, WHY_NOT_DONE).await;
        check_all_arrived(&(0..6).collect::<Vec<_>>(), &got);
        check_shape(&got);
    });
}

#[test]
fn shutdown_flushes_the_partial_batch_and_drains_the_queue() {
    deadline_async(HINT, || async {
        let Running {
            items,
            stop,
            mut batches,
            start,
        } = start();
        // 0、1、2 先被 batcher 取走，攒在手里；3..53 还在通道里时，关停信号来了。
        for i in 0..3 {
            items.send(i).await.unwrap();
        }
        sleep(EVERY / 2).await;
        for i in 3..53 {
            items.send(i).await.unwrap();
        }
        stop.send(()).unwrap();
        // 测试还握着 items：batcher 不先 close()，排空通道的 recv() 就永远等不到 None。
        let got = collect(
            &mut batches,
            start,
            "发出关停信号之后 batcher 2 秒还没有返回：排空通道之前先调用 input.close()——\
             还有 Sender 活着，不 close 的话 recv() 会一直等下去",
        )
        .await;
        let flat: Vec<u32> = got.iter().flat_map(|(_, b)| b.iter().copied()).collect();
        assert!(
            (0..3).all(|i| flat.contains(&i)),
            "关停时手里攒了一半的批次没有发出：返回之前把它发出去（得到的是 {flat:?}）"
        );
        let lost: Vec<u32> = (3..53).filter(|i| !flat.contains(i)).collect();
        assert!(
            lost.is_empty(),
            "关停时通道里已经 send 成功的消息丢了（{} 条，例如 {}）：先 input.close()，\
             再用 recv() 把剩下的取完、发出，然后返回",
            lost.len(),
            lost[0]
        );
        check_shape(&got);
        check_all_arrived(&(0..53).collect::<Vec<_>>(), &got);
        let full = got.iter().filter(|(_, b)| b.len() == MAX).count();
        assert!(
            full >= 4,
            "关停时排空的 50 条消息也要攒成批次，攒满 {MAX} 条才发（至少 4 个满批次），实际的批次大小是 {:?}",
            got.iter().map(|(_, b)| b.len()).collect::<Vec<_>>()
        );
        assert!(
            items.send(99).await.is_err(),
            "batcher 返回之后，send 应当失败"
        );
    });
}
