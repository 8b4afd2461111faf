use super::{Broker, Policy};
use std::thread;
use test_support::{assert_exactly_once, deadline};

const HINT: &str = "publish 卡住了？只有 Block 策略可以等待；DropOldest 和 Disconnect 遇到满的队列要立刻处理（try_send），\
                    已经离开的订阅者要从列表里移除。也可能是订阅者的 `for` 没有结束：Broker 被 drop 时，\
                    它持有的 Sender 应当全部随之 drop";

/// 检查一个订阅者收到的消息：严格递增（保持发布顺序、没有重复）。
fn assert_in_order_without_duplicates(who: &str, got: &[u32]) {
    if let Some(pair) = got.windows(2).find(|pair| pair[0] >= pair[1]) {
        panic!(
            "{who}：先收到 {} 再收到 {}，消息重复或乱序了。每个订阅者的消息应当保持发布顺序",
            pair[0], pair[1]
        );
    }
}

#[test]
fn every_blocking_subscriber_gets_every_message_in_order() {
    deadline(HINT, || {
        let mut broker = Broker::new();
        let readers: Vec<_> = (0..3)
            .map(|_| {
                let rx = broker.subscribe(1, Policy::Block);
                thread::spawn(move || rx.iter().collect::<Vec<u32>>())
            })
            .collect();
        let sent: Vec<u32> = (0..500).collect();
        for &message in &sent {
            broker.publish(message);
        }
        drop(broker);
        for (i, reader) in readers.into_iter().enumerate() {
            let got = reader.join().unwrap();
            assert_exactly_once(&sent, &got);
            assert_eq!(got, sent, "Block 订阅者 {i} 应当按发布顺序收到全部 500 条");
        }
    });
}

#[test]
fn drop_oldest_keeps_the_newest_messages() {
    deadline(HINT, || {
        let mut broker = Broker::new();
        let rx = broker.subscribe(3, Policy::DropOldest);
        // 这个订阅者一条也不读：发布者不能因此停下来。
        for message in 0..10u32 {
            broker.publish(message);
        }
        assert_eq!(
            broker.subscriber_count(),
            1,
            "DropOldest 的订阅者只是慢，不应被移除"
        );
        drop(broker);
        assert_eq!(
            rx.iter().collect::<Vec<_>>(),
            [7, 8, 9],
            "丢弃最旧：容量为 3 的队列里应当留下最新的 3 条"
        );
    });
}

#[test]
fn drop_oldest_with_a_live_reader_keeps_order_and_the_last_message() {
    deadline(HINT, || {
        let mut broker = Broker::new();
        let rx = broker.subscribe(4, Policy::DropOldest);
        let reader = thread::spawn(move || rx.iter().collect::<Vec<u32>>());
        for message in 0..5000u32 {
            broker.publish(message);
        }
        drop(broker);
        let got = reader.join().unwrap();
        assert_in_order_without_duplicates("DropOldest 订阅者", &got);
        assert_eq!(
            got.last(),
            Some(&4999),
            "丢弃的只能是旧消息：最后发布的 4999 一定要送到"
        );
    });
}

#[test]
fn disconnect_cuts_off_a_full_subscriber_only() {
    deadline(HINT, || {
        let mut broker = Broker::new();
        let slow = broker.subscribe(2, Policy::Disconnect);
        let fast = broker.subscribe(8, Policy::Block);
        broker.publish(0u32);
        broker.publish(1);
        assert_eq!(broker.subscriber_count(), 2);
        broker.publish(2);
        assert_eq!(
            broker.subscriber_count(),
            1,
            "Disconnect 订阅者的队列（容量 2）满了，发布第 3 条时应当把它移除"
        );
        broker.publish(3);
        broker.publish(4);
        assert_eq!(
            slow.try_iter().collect::<Vec<_>>(),
            [0, 1],
            "被断开之前已经进入队列的消息，订阅者仍然收得到"
        );
        assert!(
            slow.recv().is_err(),
            "被断开的订阅者取完缓冲之后应当看到断开（Broker 还活着，但不再持有它的 Sender）"
        );
        drop(broker);
        assert_eq!(
            fast.iter().collect::<Vec<_>>(),
            [0, 1, 2, 3, 4],
            "一个订阅者被断开，不影响别的订阅者"
        );
    });
}

#[test]
fn departed_subscribers_are_removed() {
    deadline(HINT, || {
        for policy in [Policy::Block, Policy::DropOldest, Policy::Disconnect] {
            let mut broker = Broker::new();
            let stays = broker.subscribe(4, policy);
            let leaves = broker.subscribe(1, policy);
            broker.publish(1u32);
            drop(leaves);
            broker.publish(2);
            broker.publish(3);
            assert_eq!(
                broker.subscriber_count(),
                1,
                "{policy:?} 订阅者 drop 了它的 Receiver，之后的 publish 应当把它从列表里移除"
            );
            drop(broker);
            assert_eq!(
                stays.iter().collect::<Vec<_>>(),
                [1, 2, 3],
                "{policy:?}：留下的订阅者应当收到全部消息"
            );
        }
    });
}

#[test]
fn dropping_the_broker_ends_every_subscription() {
    deadline(HINT, || {
        let mut broker = Broker::new();
        let receivers: Vec<_> = [Policy::Block, Policy::DropOldest, Policy::Disconnect]
            .into_iter()
            .map(|policy| broker.subscribe(2, policy))
            .collect();
        broker.publish("最后一条".to_string());
        drop(broker);
        for rx in receivers {
            assert_eq!(
                rx.iter().collect::<Vec<_>>(),
                ["最后一条"],
                "Broker drop 之后，订阅者取完缓冲的消息，`for` 循环就应当结束"
            );
        }
    });
}

#[test]
fn drop_oldest_with_capacity_zero_keeps_the_newest_message() {
    deadline(
        "容量为 0 的 DropOldest 订阅让 publish 卡住了：容量 0 的通道没有格子，try_send 永远返回 Full，\
         也永远没有最旧的一条可以扔。规则是 subscribe 把 DropOldest 的容量 0 当作 1。",
        || {
            let mut broker = Broker::new();
            let rx = broker.subscribe(0, Policy::DropOldest);
            for message in 0..5u32 {
                broker.publish(message);
            }
            drop(broker);
            assert_eq!(
                rx.iter().collect::<Vec<_>>(),
                [4],
                "DropOldest 的容量 0 按 1 处理：一条也不读的订阅者，最后留下最新的那一条"
            );
        },
    );
}

#[test]
fn block_waits_for_a_full_subscriber_instead_of_dropping() {
    deadline(HINT, || {
        let mut broker = Broker::new();
        let rx = broker.subscribe(1, Policy::Block);
        let (done_tx, done) = std::sync::mpsc::channel();
        let publisher = thread::spawn(move || {
            for message in 0..5u32 {
                broker.publish(message);
            }
            done_tx.send(()).unwrap();
            // broker 在这里 drop，订阅者的 `for` 随之结束。
        });
        // 订阅者一条也不取：容量 1 的队列装下第 0 条之后，Block 的 publish 必须等着。
        assert!(
            done.recv_timeout(std::time::Duration::from_millis(300))
                .is_err(),
            "订阅者一条也没取，容量只有 1，发布者却发完了 5 条：Block 策略在队列满时必须等待，\
             不能用 try_send 把消息扔掉"
        );
        assert_eq!(
            rx.iter().collect::<Vec<_>>(),
            [0, 1, 2, 3, 4],
            "Block 订阅者开始读之后，应当按顺序收到全部 5 条"
        );
        publisher.join().unwrap();
    });
}
