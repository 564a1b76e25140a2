/* SPDX-License-Identifier: MIT */
/*
 * Platform loader entry points: reading a .dts (through dtc) or .dtb,
 * validating the blob, the parse sequence, lookups and freeing.
 *
 * The blob is untrusted (users write platforms by hand; a fuzzer feeds
 * ims_platform_load_blob): fdt_check_full() validates its structure once,
 * then every property is length-checked where it is read (platform_parse.c).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "platform_priv.h"

G_DEFINE_QUARK(ims-platform-error-quark, ims_platform_error)

#define FDT_MAGIC_BYTES "\xd0\x0d\xfe\xed"

static void ctx_init(struct plat_ctx *c, const void *fdt, const char *file,
		     GError **error)
{
	memset(c, 0, sizeof(*c));
	c->fdt = fdt;
	c->file = file;
	c->error = error;
	c->ram = g_array_new(FALSE, FALSE, sizeof(struct ims_platform_ram));
	c->units = g_array_new(FALSE, FALSE, sizeof(struct ims_platform_unit));
	c->unit_nodes = g_array_new(FALSE, FALSE, sizeof(int));
	c->devices = g_array_new(FALSE, FALSE,
				 sizeof(struct ims_platform_device));
	c->device_nodes = g_array_new(FALSE, FALSE, sizeof(int));
	c->labels = g_hash_table_new(g_direct_hash, g_direct_equal);
}

static void free_units(struct ims_platform_unit *units, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		g_free(units[i].name);
		g_free(units[i].label);
		g_free(units[i].path);
		g_free(units[i].compatible);
	}
	g_free(units);
}

static void free_devices(struct ims_platform_device *devices, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		g_free(devices[i].name);
		g_free(devices[i].path);
	}
	g_free(devices);
}

/* Frees whatever the context still owns (everything, after a failure). */
static void ctx_clear(struct plat_ctx *c)
{
	if (c->units) {
		unsigned n = c->units->len;

		free_units((void *)g_array_free(c->units, FALSE), n);
	}
	if (c->devices) {
		unsigned n = c->devices->len;

		free_devices((void *)g_array_free(c->devices, FALSE), n);
	}
	if (c->ram)
		g_array_free(c->ram, TRUE);
	g_array_free(c->unit_nodes, TRUE);
	g_array_free(c->device_nodes, TRUE);
	g_hash_table_destroy(c->labels);
}

/* Memory and units first: devices refer to units by phandle, forwards too. */
static bool parse_root_children(struct plat_ctx *c)
{
	int node;

	fdt_for_each_subnode(node, c->fdt, 0) {
		int len = 0;
		const char *type = fdt_getprop(c->fdt, node, "device_type",
					       &len);
		bool is_unit;

		if (!plat_node_enabled(c, node))
			continue;
		/* Property values need not be NUL-terminated: compare the
		 * whole value, terminator included. */
		if (type && len == sizeof("memory") &&
		    memcmp(type, "memory", len) == 0) {
			if (!plat_parse_memory(c, node))
				return false;
			continue;
		}
		if (!plat_is_unit_node(c, node, &is_unit))
			return false;
		if (is_unit && !plat_parse_unit(c, node))
			return false;
	}
	if (node < 0 && node != -FDT_ERR_NOTFOUND)
		return plat_fail(c, 0, IMS_PLATFORM_ERROR_FORMAT,
				 "cannot walk the tree: %s", fdt_strerror(node));
	if (c->ram->len == 0)
		return plat_invalid(c, 0, "no memory node "
				    "(device_type = \"memory\") with RAM");
	return true;
}

static bool parse(struct plat_ctx *c)
{
	return plat_parse_root(c) && plat_parse_labels(c) &&
	       parse_root_children(c) && plat_check_unit_names(c) &&
	       plat_parse_devices(c) && plat_assign_groups(c);
}

static struct ims_platform *publish(struct plat_ctx *c, const char *name)
{
	struct ims_platform *p = g_new0(struct ims_platform, 1);

	p->path = g_strdup(name);
	p->n_ram = c->ram->len;
	p->ram = (void *)g_array_free(c->ram, FALSE);
	p->n_units = c->units->len;
	p->units = (void *)g_array_free(c->units, FALSE);
	p->n_devices = c->devices->len;
	p->devices = (void *)g_array_free(c->devices, FALSE);
	c->ram = c->units = c->devices = NULL;
	return p;
}

/*
 * libfdt 1.6.1's fdt_check_full() crashed on a version-3 tree whose
 * property name lies outside its strings block (found by fuzzing). So
 * trees older than version 17 (what dtc has written since 2008) are
 * refused, and every property name offset is checked first with libfdt's
 * bounds-checked tag walker.
 */
static int check_property_names(const void *fdt, size_t size)
{
	const char *strings = (const char *)fdt + fdt_off_dt_strings(fdt);
	uint32_t strings_size = fdt_size_dt_strings(fdt);
	int offset = 0, next = 0, tag;
	int err = fdt_check_header(fdt);

	if (err)
		return err;
	/* Pre-v17 trees have no struct-block size; libfdt checks them less. */
	if (fdt_version(fdt) < 17)
		return -FDT_ERR_BADVERSION;
	if (fdt_totalsize(fdt) > size)
		return -FDT_ERR_TRUNCATED;
	/* The specification aligns the structure block to 4 bytes. */
	if (fdt_off_dt_struct(fdt) % sizeof(fdt32_t))
		return -FDT_ERR_ALIGNMENT;
	for (tag = fdt_next_tag(fdt, 0, &next); tag != FDT_END;
	     tag = fdt_next_tag(fdt, offset, &next)) {
		const char *prop;
		fdt32_t nameoff_be;
		uint32_t nameoff;

		if (next <= offset && offset != 0)
			return -FDT_ERR_BADSTRUCTURE;
		if (tag == FDT_PROP) {
			prop = fdt_offset_ptr(fdt, offset,
					      sizeof(struct fdt_property));
			if (!prop)
				return -FDT_ERR_BADSTRUCTURE;
			memcpy(&nameoff_be, prop + offsetof(struct fdt_property,
							    nameoff),
			       sizeof(nameoff_be));
			nameoff = fdt32_to_cpu(nameoff_be);
			if (nameoff >= strings_size ||
			    !memchr(strings + nameoff, '\0',
				    strings_size - nameoff))
				return -FDT_ERR_BADOFFSET;
		}
		offset = next;
	}
	return next < 0 ? next : 0;
}

/* libfdt 1.6.1's fdt_strerror() does not know FDT_ERR_ALIGNMENT. */
static const char *fdt_error_text(int err)
{
	if (err == -FDT_ERR_ALIGNMENT)
		return "FDT_ERR_ALIGNMENT (structure block not 4-byte aligned)";
	return fdt_strerror(err);
}

struct ims_platform *ims_platform_load_blob(const void *blob, size_t size,
					    const char *name, GError **error)
{
	struct ims_platform *platform = NULL;
	struct plat_ctx c;
	void *fdt;
	int err;

	if (size < sizeof(struct fdt_header) || size > G_MAXINT) {
		g_set_error(error, IMS_PLATFORM_ERROR,
			    IMS_PLATFORM_ERROR_FORMAT,
			    "%s: not a flattened device tree (%zu bytes)",
			    name, size);
		return NULL;
	}
	/* libfdt reads cells in place: give it an aligned private copy. */
	fdt = g_memdup2(blob, size);
	err = check_property_names(fdt, size);
	if (!err)
		err = fdt_check_full(fdt, size);
	if (err) {
		g_set_error(error, IMS_PLATFORM_ERROR,
			    IMS_PLATFORM_ERROR_FORMAT,
			    "%s: not a valid flattened device tree: %s", name,
			    fdt_error_text(err));
		g_free(fdt);
		return NULL;
	}
	ctx_init(&c, fdt, name, error);
	if (parse(&c))
		platform = publish(&c, name);
	ctx_clear(&c);
	g_free(fdt);
	return platform;
}

static const char *dtc_path(void)
{
	const char *env = g_getenv("IOMMUSIM_DTC");

	return env && *env ? env : IMS_DTC;
}

/* Runs `dtc -@` on `path` into a temporary file; returns the blob or NULL. */
static char *compile_dts(const char *path, gsize *len, GError **error)
{
	g_autofree char *dir = g_path_get_dirname(path);
	g_autofree char *out = NULL, *err_text = NULL, *tmp = NULL;
	const char *argv[] = { dtc_path(), "-@", "-I", "dts", "-O", "dtb",
			       "-i", dir, "-o", NULL, path, NULL };
	GError *local = NULL;
	char *blob = NULL;
	int status = 0, fd;

	fd = g_file_open_tmp("iommusim-XXXXXX.dtb", &tmp, &local);
	if (fd < 0)
		goto fail_io;
	close(fd);
	argv[9] = tmp;
	if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL,
			  NULL, &out, &err_text, &status, &local))
		goto fail_io;
	if (!g_spawn_check_wait_status(status, NULL)) {
		g_set_error(error, IMS_PLATFORM_ERROR, IMS_PLATFORM_ERROR_IO,
			    "%s: dtc failed:\n%s", path,
			    g_strchomp(err_text ? err_text : ""));
		goto out;
	}
	if (err_text && *err_text)
		g_debug("%s: dtc: %s", path, g_strchomp(err_text));
	if (!g_file_get_contents(tmp, &blob, len, &local))
		goto fail_io;
	goto out;
fail_io:
	g_set_error(error, IMS_PLATFORM_ERROR, IMS_PLATFORM_ERROR_IO,
		    "%s: cannot compile with %s: %s", path, argv[0],
		    local->message);
	g_error_free(local);
out:
	if (tmp)
		unlink(tmp);
	return blob;
}

struct ims_platform *ims_platform_load(const char *path, GError **error)
{
	g_autofree char *data = NULL;
	GError *local = NULL;
	gsize len = 0;

	if (!g_file_get_contents(path, &data, &len, &local)) {
		g_set_error(error, IMS_PLATFORM_ERROR, IMS_PLATFORM_ERROR_IO,
			    "%s: %s", path, local->message);
		g_error_free(local);
		return NULL;
	}
	/* A .dtb is recognised by its magic, whatever its name. */
	if (len < 4 || memcmp(data, FDT_MAGIC_BYTES, 4) != 0) {
		g_free(data);
		data = compile_dts(path, &len, error);
		if (!data)
			return NULL;
	}
	return ims_platform_load_blob(data, len, path, error);
}

void ims_platform_free(struct ims_platform *platform)
{
	if (!platform)
		return;
	free_units(platform->units, platform->n_units);
	free_devices(platform->devices, platform->n_devices);
	g_free(platform->ram);
	g_free(platform->path);
	g_free(platform);
}
