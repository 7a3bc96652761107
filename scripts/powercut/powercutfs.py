#!/usr/bin/python3
"""powercutfs: a FUSE filesystem that loses what was not synced, the way power loss does.

Usage:  powercutfs.py MOUNTPOINT

Everything lives in memory. A write is visible at once to readers (like the page cache) but is
durable only once its file is fsynced or fdatasynced; a create, unlink or rename is durable only
once its directory is fsynced. The magic file MOUNTPOINT/.powercut takes commands:

    echo "cut clean SEED"    > MNT/.powercut   # every unsynced write and name change is lost
    echo "cut torn SEED"     > MNT/.powercut   # ... except the newest unsynced write of each file,
                                               #     which lands torn (a random 512-byte-aligned prefix)
    echo "cut reorder SEED"  > MNT/.powercut   # each unsynced write lands or not at random (no write
                                               # barriers: later writes can land without earlier ones),
                                               # and the last one that lands may be torn
    cat MNT/.powercut                          # the last command's result, one line

A cut leaves the filesystem as a machine would find it after power came back: the process that was
writing must already be dead (kill -9 it first). Files opened before the cut are stale afterwards.

Why Python and pyfuse3: pyfuse3 is the maintained binding of libfuse 3 (the reference FUSE library,
Debian packages python3-pyfuse3 and fuse3); it speaks the kernel protocol for us, and the file model
here is a few hundred lines of plain dictionaries and byte arrays, easy to read and to check.
See docs/durability.md.
"""

import errno
import os
import random
import stat
import sys
import time

import pyfuse3
import trio

CONTROL_NAME = b".powercut"
CONTROL_INODE = 2
SECTOR = 512


class Node:
    def __init__(self, inode, mode, is_dir):
        self.inode = inode
        self.mode = mode
        self.is_dir = is_dir
        now = time.time_ns()
        self.atime_ns = self.mtime_ns = self.ctime_ns = now
        # files
        self.data = bytearray()          # what readers see now
        self.durable = bytearray()       # what survives a cut
        self.pending = []                # unsynced ops in order: ("w", offset, bytes) or ("t", length)
        # directories
        self.entries = {}                # name -> inode, now
        self.durable_entries = {}        # name -> inode, survives a cut
        self.parent = None


class PowerCutFs(pyfuse3.Operations):
    enable_writeback_cache = False

    def __init__(self):
        super().__init__()
        self.nodes = {}
        self.next_inode = 3
        root = Node(pyfuse3.ROOT_INODE, stat.S_IFDIR | 0o755, True)
        root.parent = root.inode
        self.nodes[root.inode] = root
        self.last_result = b"ready\n"
        self.stats = {"fsyncs": 0, "dirsyncs": 0, "writes": 0, "cuts": 0}

    # ---- helpers -------------------------------------------------------------------------------

    def _node(self, inode):
        n = self.nodes.get(inode)
        if n is None:
            raise pyfuse3.FUSEError(errno.ENOENT)
        return n

    def _attr(self, n):
        a = pyfuse3.EntryAttributes()
        a.st_ino = n.inode
        a.st_mode = n.mode
        a.st_nlink = 2 if n.is_dir else 1
        a.st_uid = os.getuid()
        a.st_gid = os.getgid()
        a.st_size = len(n.data) if not n.is_dir else 4096
        a.st_blksize = 4096
        a.st_blocks = (a.st_size + 511) // 512
        a.st_atime_ns = n.atime_ns
        a.st_mtime_ns = n.mtime_ns
        a.st_ctime_ns = n.ctime_ns
        a.attr_timeout = 0
        a.entry_timeout = 0
        return a

    def _control_attr(self):
        a = pyfuse3.EntryAttributes()
        a.st_ino = CONTROL_INODE
        a.st_mode = stat.S_IFREG | 0o600
        a.st_nlink = 1
        a.st_uid = os.getuid()
        a.st_gid = os.getgid()
        a.st_size = len(self.last_result)
        a.attr_timeout = 0
        a.entry_timeout = 0
        return a

    @staticmethod
    def _apply(buf, op):
        if op[0] == "w":
            _, off, data = op
            end = off + len(data)
            if len(buf) < off:
                buf.extend(b"\0" * (off - len(buf)))
            buf[off:end] = data
        else:
            _, length = op
            if length < len(buf):
                del buf[length:]
            else:
                buf.extend(b"\0" * (length - len(buf)))

    # ---- the cut -------------------------------------------------------------------------------

    def _name(self, inode):
        for d in self.nodes.values():
            if d.is_dir:
                for k, v in d.entries.items():
                    if v == inode:
                        return k.decode(errors="replace")
        return "inode-%d" % inode

    @staticmethod
    def _describe(op, fate):
        if op[0] == "w":
            return "write offset=%d length=%d %s" % (op[1], len(op[2]), fate)
        return "truncate length=%d %s" % (op[1], fate)

    def cut(self, mode, seed):
        rnd = random.Random(seed)
        landed = dropped = torn = 0
        self.last_cut = {}  # evidence: per file with unsynced ops, what was durable before and what happened to each op
        for n in list(self.nodes.values()):
            if n.is_dir:
                continue
            buf = bytearray(n.durable)
            ops = n.pending
            if ops:
                self.last_cut[n.inode] = (self._name(n.inode), bytes(n.durable), [])
            fates = self.last_cut[n.inode][2] if ops else []
            if mode == "clean":
                dropped += len(ops)
                fates += [self._describe(op, "lost") for op in ops]
            elif mode == "torn":
                writes = [i for i, op in enumerate(ops) if op[0] == "w"]
                fates += [self._describe(op, "lost") for op in ops]
                if writes:
                    _, off, data = ops[writes[-1]]
                    keep = rnd.randrange(0, len(data) // SECTOR + 1) * SECTOR
                    fates[writes[-1]] = self._describe(ops[writes[-1]], "torn to %d bytes" % keep)
                    if keep:
                        self._apply(buf, ("w", off, data[:keep]))
                        torn += 1
                dropped += len(ops) - (1 if writes else 0)
            elif mode == "reorder":
                picks = [rnd.random() < 0.5 for _ in ops]
                chosen = [op for op, p in zip(ops, picks) if p]
                fates += [self._describe(op, "landed" if p else "lost") for op, p in zip(ops, picks)]
                last = max([i for i, p in enumerate(picks) if p], default=-1)
                for i, op in enumerate(chosen):
                    if op[0] == "w" and i == len(chosen) - 1 and rnd.random() < 0.5:
                        _, off, data = op
                        op = ("w", off, data[:rnd.randrange(0, len(data) // SECTOR + 1) * SECTOR])
                        fates[last] = self._describe(ops[last], "landed torn to %d bytes" % len(op[2]))
                        torn += 1
                    self._apply(buf, op)
                landed += len(chosen)
                dropped += len(ops) - len(chosen)
            else:
                raise ValueError("mode must be clean, torn or reorder")
            n.durable = buf
            n.data = bytearray(buf)
            n.pending = []
        names_lost = []
        for n in self.nodes.values():
            if n.is_dir:
                names_lost += [k.decode(errors="replace") if isinstance(k, bytes) else str(k)
                               for k in n.entries if k not in n.durable_entries]
                n.entries = dict(n.durable_entries)
        # what no durable name reaches is gone
        reachable = {pyfuse3.ROOT_INODE}
        stack = [pyfuse3.ROOT_INODE]
        while stack:
            d = self.nodes[stack.pop()]
            for child in d.entries.values():
                if child not in reachable and child in self.nodes:
                    reachable.add(child)
                    if self.nodes[child].is_dir:
                        stack.append(child)
        for d in [n for n in self.nodes.values() if n.is_dir]:
            d.entries = {k: v for k, v in d.entries.items() if v in reachable}
            d.durable_entries = dict(d.entries)
        gone = [i for i in self.nodes if i not in reachable]
        for i in gone:
            del self.nodes[i]
        self.stats["cuts"] += 1
        return "cut %s seed %s: %d unsynced ops landed, %d lost, %d torn, %d files unnamed%s" % (
            mode, seed, landed, dropped, torn, len(gone),
            " (names lost: %s)" % ", ".join(sorted(names_lost)[:6]) if names_lost else "")

    def dump(self, out):
        """Writes the last cut's evidence to the directory OUT (outside this filesystem): for each file that
        had unsynced ops, NAME.before (durable before the cut), NAME.after (durable now), NAME.ops."""
        os.makedirs(out, exist_ok=True)
        files = 0
        for inode, (name, before, fates) in getattr(self, "last_cut", {}).items():
            base = os.path.join(out, name)
            with open(base + ".before", "wb") as f:
                f.write(before)
            node = self.nodes.get(inode)
            with open(base + ".after", "wb") as f:
                f.write(bytes(node.durable) if node else b"")
            with open(base + ".ops", "w") as f:
                f.write("\n".join(fates) + "\n")
            files += 1
        return "%d files dumped to %s" % (files, out)

    def command(self, text):
        parts = text.split()
        try:
            if len(parts) >= 2 and parts[0] == "cut":
                return "ok " + self.cut(parts[1], int(parts[2]) if len(parts) > 2 else 0)
            if len(parts) == 2 and parts[0] == "dump":
                return "ok " + self.dump(parts[1])
            if parts and parts[0] == "stats":
                return "ok " + " ".join("%s=%d" % kv for kv in sorted(self.stats.items()))
            return "error: commands are 'cut clean|torn|reorder SEED' and 'stats'"
        except Exception as e:  # a bad command must not take the filesystem down
            return "error: %s" % e

    # ---- FUSE operations ------------------------------------------------------------------------

    async def lookup(self, parent_inode, name, ctx=None):
        if parent_inode == pyfuse3.ROOT_INODE and name == CONTROL_NAME:
            return self._control_attr()
        d = self._node(parent_inode)
        if name == b".":
            return self._attr(d)
        if name == b"..":
            return self._attr(self._node(d.parent))
        inode = d.entries.get(name)
        if inode is None:
            raise pyfuse3.FUSEError(errno.ENOENT)
        return self._attr(self._node(inode))

    async def getattr(self, inode, ctx=None):
        if inode == CONTROL_INODE:
            return self._control_attr()
        return self._attr(self._node(inode))

    async def setattr(self, inode, attr, fields, fh, ctx):
        if inode == CONTROL_INODE:
            return self._control_attr()
        n = self._node(inode)
        if fields.update_size:
            op = ("t", attr.st_size)
            self._apply(n.data, op)
            n.pending.append(op)
        if fields.update_mode:
            n.mode = (n.mode & ~0o7777) | (attr.st_mode & 0o7777)
        if fields.update_mtime:
            n.mtime_ns = attr.st_mtime_ns
        if fields.update_atime:
            n.atime_ns = attr.st_atime_ns
        n.ctime_ns = time.time_ns()
        return self._attr(n)

    async def opendir(self, inode, ctx):
        self._node(inode)
        return inode

    async def readdir(self, fh, start_id, token):
        d = self._node(fh)
        names = sorted(d.entries.items())
        for i, (name, inode) in enumerate(names):
            if i < start_id:
                continue
            if not pyfuse3.readdir_reply(token, name, self._attr(self.nodes[inode]), i + 1):
                break

    async def releasedir(self, fh):
        pass

    async def fsyncdir(self, fh, datasync):
        d = self._node(fh)
        d.durable_entries = dict(d.entries)
        self.stats["dirsyncs"] += 1

    async def mkdir(self, parent_inode, name, mode, ctx):
        return self._make(parent_inode, name, stat.S_IFDIR | (mode & 0o7777), True)

    def _make(self, parent_inode, name, mode, is_dir):
        d = self._node(parent_inode)
        if name in d.entries or (parent_inode == pyfuse3.ROOT_INODE and name == CONTROL_NAME):
            raise pyfuse3.FUSEError(errno.EEXIST)
        n = Node(self.next_inode, mode, is_dir)
        self.next_inode += 1
        n.parent = d.inode
        self.nodes[n.inode] = n
        d.entries[name] = n.inode
        d.mtime_ns = time.time_ns()
        return self._attr(n)

    async def create(self, parent_inode, name, mode, flags, ctx):
        attr = self._make(parent_inode, name, stat.S_IFREG | (mode & 0o7777), False)
        return pyfuse3.FileInfo(fh=attr.st_ino), attr

    async def open(self, inode, flags, ctx):
        if inode != CONTROL_INODE:
            n = self._node(inode)
            if flags & os.O_TRUNC:
                op = ("t", 0)
                self._apply(n.data, op)
                n.pending.append(op)
        fi = pyfuse3.FileInfo(fh=inode)
        fi.direct_io = inode == CONTROL_INODE
        return fi

    async def read(self, fh, off, size):
        if fh == CONTROL_INODE:
            return self.last_result[off:off + size]
        n = self._node(fh)
        return bytes(n.data[off:off + size])

    async def write(self, fh, off, buf):
        if fh == CONTROL_INODE:
            self.last_result = (self.command(buf.decode("utf-8", "replace")) + "\n").encode()
            return len(buf)
        n = self._node(fh)
        op = ("w", off, bytes(buf))
        self._apply(n.data, op)
        n.pending.append(op)
        n.mtime_ns = time.time_ns()
        self.stats["writes"] += 1
        return len(buf)

    async def fsync(self, fh, datasync):
        if fh == CONTROL_INODE:
            return
        n = self._node(fh)
        # apply what is pending to the durable image (copying the whole file per fsync made a
        # 20 MB database crawl)
        for op in n.pending:
            self._apply(n.durable, op)
        n.pending = []
        self.stats["fsyncs"] += 1

    async def flush(self, fh):
        pass

    async def release(self, fh):
        pass

    async def unlink(self, parent_inode, name, ctx):
        d = self._node(parent_inode)
        if name not in d.entries:
            raise pyfuse3.FUSEError(errno.ENOENT)
        del d.entries[name]

    async def rmdir(self, parent_inode, name, ctx):
        d = self._node(parent_inode)
        inode = d.entries.get(name)
        if inode is None:
            raise pyfuse3.FUSEError(errno.ENOENT)
        if self.nodes[inode].entries:
            raise pyfuse3.FUSEError(errno.ENOTEMPTY)
        del d.entries[name]

    async def rename(self, parent_old, name_old, parent_new, name_new, flags, ctx):
        src = self._node(parent_old)
        dst = self._node(parent_new)
        inode = src.entries.get(name_old)
        if inode is None:
            raise pyfuse3.FUSEError(errno.ENOENT)
        if flags & pyfuse3.RENAME_NOREPLACE and name_new in dst.entries:
            raise pyfuse3.FUSEError(errno.EEXIST)
        del src.entries[name_old]
        dst.entries[name_new] = inode
        self.nodes[inode].parent = dst.inode

    async def statfs(self, ctx):
        s = pyfuse3.StatvfsData()
        s.f_bsize = s.f_frsize = 4096
        s.f_blocks = s.f_bfree = s.f_bavail = 4 * 1024 * 1024  # 16 GiB, like an SD card
        s.f_files = s.f_ffree = s.f_favail = 1 << 20
        s.f_namemax = 255
        return s

    async def access(self, inode, mode, ctx):
        return True


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    fs = PowerCutFs()
    options = set(pyfuse3.default_options)
    options.add("fsname=powercutfs")
    options.discard("default_permissions")
    pyfuse3.init(fs, sys.argv[1], options)
    try:
        trio.run(pyfuse3.main)
    finally:
        pyfuse3.close(unmount=True)


if __name__ == "__main__":
    main()
